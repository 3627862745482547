package org.jpasta;

import org.jpasta.cli.CliExit;
import org.jpasta.cli.PastaOptions;
import org.jpasta.config.Configuration;
import org.jpasta.config.ConfigurationFromOptions;
import org.jpasta.log.Log;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SysException;

import java.io.IOException;

/**
 * Entry point: parse the command line (pasta's getopt_long grammar), run, and turn failures into pasta's
 * one-line message and exit status 1.
 */
public final class Main {
    /** The version reported in the log file header; {@code --version} prints its own text. */
    public static final String VERSION = "jpasta-0.1.0";

    private Main() {}

    public static void main(String[] args) {
        String prog = System.getenv().getOrDefault("JPASTA_ARGV0", "pasta");
        int status;
        try {
            PastaOptions options = PastaOptions.parse(prog, args);
            Configuration c = ConfigurationFromOptions.build(options);
            Log.configure(c.quiet, c.debug, c.trace);
            if (c.logFile != null) {
                Log.openFile(c.logFile, c.logSize, "pasta " + VERSION + ": " + javaCommand() + " (" + LibC.getpid() + ")");
            }
            if (c.logFile == null) {
                Log.openSyslog(prog.substring(prog.lastIndexOf('/') + 1));
            }
            options.warnings().forEach(Log::warn);
            Log.debug("options parsed");
            status = new Pasta(c).run();
        } catch (CliExit e) {
            e.printTo(System.out, System.err);
            status = e.exitCode();
        } catch (SysException e) {
            Log.error(e.getMessage());
            status = 1;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
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

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
