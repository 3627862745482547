package org.jpasta.cli;

import java.util.List;
import java.util.Objects;

/**
 * A re-implementation of glibc's {@code getopt_long()}, for the orderings pasta uses.
 *
 * <p>Theory of operation: callers such as Podman and RootlessKit rely on details of glibc's parser, and
 * users see its messages: {@code --opt=value} and {@code --opt value}; attached short values
 * ({@code -T80}, and {@code "-T 80,443"} as one argument meaning the value {@code " 80,443"});
 * clustered flags ({@code -dq}); unambiguous prefixes of long names, where an exact match wins and
 * aliases (same argument kind and code) do not count as ambiguous; {@code --} ending the options; and
 * with a leading {@code +} in the option string, stopping at the first non-option so that
 * {@code pasta -t 80 cmd --args} leaves {@code cmd --args} alone. General-purpose Java parsers differ in
 * several of these and are slow to start, so this class walks the arguments the way glibc's state
 * machine does, one call to {@link #next()} per option, and reports errors with glibc's exact text
 * (the program name is the caller's {@code argv[0]}).
 *
 * <p>Supported orderings: {@code +} (stop at the first non-option, pasta's) and {@code -} (return
 * non-options in order as code 1). Without either, POSIX order ({@code +}) is used: argument permutation
 * is not implemented. A {@code :} after the ordering character silences messages as in glibc.
 */
public final class Getopt {
    /** Code returned for a non-option argument with the {@code -} ordering. */
    public static final int NON_OPTION = 1;

    /** Whether a long option takes an argument ({@code no_argument} etc.). */
    public enum ArgumentKind { NONE, REQUIRED, OPTIONAL }

    /**
     * An entry of the long option table. Two entries with the same kind and code are aliases
     * ({@code --socket} and {@code --socket-path}), which matters for prefix matching.
     */
    public record LongOption(String name, ArgumentKind argument, int code) {
        public LongOption {
            Objects.requireNonNull(name);
            Objects.requireNonNull(argument);
        }
    }

    /**
     * One parsed option.
     *
     * @param code       the short option character, or the long option's code
     * @param argument   its argument, or {@code null}
     * @param longOption the long option matched, or {@code null} for a short option
     */
    public record Option(int code, String argument, LongOption longOption) {
    }

    private final String programName;
    private final List<String> args;
    private final String shortOptions;
    private final List<LongOption> longOptions;
    private final boolean returnInOrder;
    private final boolean printErrors;

    private int index;
    /** Position inside the current clustered short-option argument, or -1 when between arguments. */
    private int clusterPosition = -1;

    /**
     * @param programName  {@code argv[0]}, used in messages
     * @param args         the arguments after {@code argv[0]}
     * @param optstring    short options as for {@code getopt()}, e.g. {@code "+dql:"}
     * @param longOptions  the long option table, in declaration order (it orders ambiguity lists)
     */
    public Getopt(String programName, List<String> args, String optstring, List<LongOption> longOptions) {
        this.programName = programName;
        this.args = List.copyOf(args);
        this.longOptions = List.copyOf(longOptions);
        String shorts = optstring;
        boolean inOrder = false;
        if (shorts.startsWith("+")) {
            shorts = shorts.substring(1);
        } else if (shorts.startsWith("-")) {
            inOrder = true;
            shorts = shorts.substring(1);
        }
        this.returnInOrder = inOrder;
        this.printErrors = !shorts.startsWith(":");
        this.shortOptions = shorts;
    }

    /** Index (into {@code args}) of the next argument to look at; after the last option, the first operand. */
    public int nextIndex() {
        return index;
    }

    /** The arguments after the options, once {@link #next()} has returned {@code null}. */
    public List<String> operands() {
        return args.subList(Math.min(index, args.size()), args.size());
    }

    /**
     * Parses the next option.
     *
     * @return the option, or {@code null} when there are no more options
     * @throws GetoptException for an option glibc would answer with {@code '?'} (or {@code ':'})
     */
    public Option next() throws GetoptException {
        if (clusterPosition < 0) {
            if (index >= args.size()) {
                return null;
            }
            String arg = args.get(index);
            if (arg.equals("--")) {
                index++;
                return null;
            }
            if (isNonOption(arg)) {
                if (!returnInOrder) {
                    return null;
                }
                index++;
                return new Option(NON_OPTION, arg, null);
            }
            if (arg.startsWith("--")) {
                return longOption(arg.substring(2));
            }
            clusterPosition = 1;
        }
        return shortOption();
    }

    private static boolean isNonOption(String arg) {
        return arg.length() < 2 || arg.charAt(0) != '-';
    }

    private Option shortOption() throws GetoptException {
        String arg = args.get(index);
        char c = arg.charAt(clusterPosition++);
        boolean lastInCluster = clusterPosition >= arg.length();
        if (lastInCluster) {
            index++;
            clusterPosition = -1;
        }
        int at = shortOptions.indexOf(c);
        if (at < 0 || c == ':' || c == ';') {
            throw error("%s: invalid option -- '%c'", c);
        }
        boolean takesArgument = at + 1 < shortOptions.length() && shortOptions.charAt(at + 1) == ':';
        if (!takesArgument) {
            return new Option(c, null, null);
        }
        boolean optionalArgument = at + 2 < shortOptions.length() && shortOptions.charAt(at + 2) == ':';
        String value = null;
        if (!lastInCluster) {
            value = arg.substring(clusterPosition);
            index++;
        } else if (!optionalArgument) {
            if (index >= args.size()) {
                throw error("%s: option requires an argument -- '%c'", c);
            }
            value = args.get(index++);
        }
        clusterPosition = -1;
        return new Option(c, value, null);
    }

    private Option longOption(String text) throws GetoptException {
        int equals = text.indexOf('=');
        String name = equals < 0 ? text : text.substring(0, equals);
        LongOption found = findLongOption(name, text);
        index++;
        if (found == null) {
            throw error("%s: unrecognized option '--%s'", text);
        }
        if (equals >= 0) {
            if (found.argument() == ArgumentKind.NONE) {
                throw error("%s: option '--%s' doesn't allow an argument", found.name());
            }
            return new Option(found.code(), text.substring(equals + 1), found);
        }
        if (found.argument() == ArgumentKind.REQUIRED) {
            if (index >= args.size()) {
                throw error("%s: option '--%s' requires an argument", found.name());
            }
            return new Option(found.code(), args.get(index++), found);
        }
        return new Option(found.code(), null, found);
    }

    /** Exact match first, then a unique prefix (aliases of the first prefix match are not ambiguous). */
    private LongOption findLongOption(String name, String text) throws GetoptException {
        for (LongOption option : longOptions) {
            if (option.name().equals(name)) {
                return option;
            }
        }
        LongOption first = null;
        StringBuilder possibilities = null;
        for (LongOption option : longOptions) {
            if (!option.name().startsWith(name)) {
                continue;
            }
            if (first == null) {
                first = option;
            } else if (first.argument() != option.argument() || first.code() != option.code()) {
                if (possibilities == null) {
                    possibilities = new StringBuilder(" '--").append(first.name()).append('\'');
                }
                possibilities.append(" '--").append(option.name()).append('\'');
            }
        }
        if (possibilities != null) {
            index++;
            throw new GetoptException(printErrors ? String.format("%s: option '--%s' is ambiguous; possibilities:",
                    programName, text) + possibilities : null);
        }
        return first;
    }

    private GetoptException error(String format, Object detail) {
        return new GetoptException(printErrors ? String.format(format, programName, detail) : null);
    }
}
