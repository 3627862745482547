package org.jpasta;

import org.jpasta.config.Configuration;
import org.jpasta.log.Log;
import org.jpasta.sys.SysException;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Entry point: parse the command line, run, and turn failures into pasta's one-line message and exit 1.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int status;
        try {
            Configuration c = parseInterim(args);
            Log.configure(c.quiet, c.debug, c.trace);
            Log.debug("options parsed");
            status = new Pasta(c).run();
        } catch (SysException e) {
            Log.error(e.getMessage());
            status = 1;
        } catch (IllegalArgumentException e) {
            Log.error(e.getMessage());
            status = 1;
        } catch (Exception e) {
            Log.error("Unexpected error: " + e);
            status = 1;
        }
        if (status >= 0) {
            Pasta.exit(status);
        }
    }

    /** Interim: the few options needed until the full getopt_long parser lands. */
    private static Configuration parseInterim(String[] args) {
        Configuration c = new Configuration();
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--config-net" -> c.configNet = true;
                case "-f", "--foreground" -> c.foreground = true;
                case "-q", "--quiet" -> c.quiet = true;
                case "-d", "--debug" -> c.debug = true;
                case "-P", "--pid" -> c.pidFile = Path.of(args[++i]);
                case "--netns" -> { c.netnsPath = args[++i]; c.mode = Configuration.Mode.NETNS; }
                case "--" -> { i++; c.command.addAll(Arrays.asList(args).subList(i, args.length)); i = args.length; }
                default -> {
                    if (a.matches("[0-9]+") && i == args.length - 1) {
                        c.mode = Configuration.Mode.PID;
                        c.targetPid = Integer.parseInt(a);
                    } else {
                        c.command.addAll(Arrays.asList(args).subList(i, args.length));
                        i = args.length;
                    }
                }
            }
        }
        return c;
    }
}
