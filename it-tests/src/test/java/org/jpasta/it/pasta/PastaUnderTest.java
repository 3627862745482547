package org.jpasta.it.pasta;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jpasta.it.sandbox.Proc;
import org.jpasta.it.sandbox.Result;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code pasta} binary the integration tests exercise: jpasta's {@code bin/pasta} by default, or any
 * pasta given as {@code -Dpasta.under.test=/usr/bin/pasta}, so that the same tests prove what real pasta does.
 *
 * <p>It also knows the build's release date (from {@code --version}, or from the Debian package version for
 * Debian's "unknown version" builds) so that tests can tell a known upstream difference of an old build
 * (see {@link KnownDifference}) from a real failure. A binary whose date is unknown is held to current
 * behaviour.
 */
public final class PastaUnderTest {
    private static final Pattern UPSTREAM_VERSION = Pattern.compile("^pasta (\\d{4})_(\\d{2})_(\\d{2})\\.");
    private static final Pattern DEBIAN_GIT_SNAPSHOT = Pattern.compile("git(\\d{4})(\\d{2})(\\d{2})");
    private static final String SYSLOG_NOISE = "^Failed to send \\d+ bytes to syslog$";

    private static PastaUnderTest instance;

    private final Path path;
    private String versionLine;
    private Optional<LocalDate> buildDate;

    private PastaUnderTest(Path path) {
        this.path = path;
    }

    /** The binary named by {@code pasta.under.test}, else {@code ${jpasta.home}/bin/pasta}. */
    public static synchronized PastaUnderTest get() {
        if (instance == null) {
            instance = new PastaUnderTest(resolvePath());
        }
        return instance;
    }

    private static Path resolvePath() {
        String explicit = System.getProperty("pasta.under.test", "").strip();
        if (!explicit.isEmpty()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        String home = System.getProperty("jpasta.home", "").strip();
        if (home.isEmpty()) {
            throw new IllegalStateException("neither pasta.under.test nor jpasta.home is set");
        }
        return Path.of(home).resolve("bin").resolve("pasta").toAbsolutePath().normalize();
    }

    public String path() {
        return path.toString();
    }

    /** {@code pasta ARGS...} as an argv, for {@code CommandContext.run/start}. */
    public String[] command(String... arguments) {
        String[] argv = new String[arguments.length + 1];
        argv[0] = path.toString();
        System.arraycopy(arguments, 0, argv, 1, arguments.length);
        return argv;
    }

    /** The first line {@code --version} prints. */
    public synchronized String versionLine() {
        if (versionLine == null) {
            Result result = runHere("unshare", "--net", "--", path.toString(), "--version");
            versionLine = result.stdout().lines().findFirst().orElse("");
        }
        return versionLine;
    }

    /** The release date of this build, if it can be known. */
    public synchronized Optional<LocalDate> buildDate() {
        if (buildDate == null) {
            buildDate = dateFrom(UPSTREAM_VERSION.matcher(versionLine())).or(this::debianSnapshotDate);
        }
        return buildDate;
    }

    private Optional<LocalDate> debianSnapshotDate() {
        if (!versionLine().equals("pasta unknown version") || !path.startsWith("/usr/bin")) {
            return Optional.empty();
        }
        Result result = runHere("dpkg-query", "-W", "-f=${Version}", "passt");
        return result.succeeded() ? dateFrom(DEBIAN_GIT_SNAPSHOT.matcher(result.stdout())) : Optional.empty();
    }

    private static Optional<LocalDate> dateFrom(Matcher matcher) {
        if (!matcher.find()) {
            return Optional.empty();
        }
        return Optional.of(LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3))));
    }

    /** Whether this build is known to have the old behaviour {@code difference}. */
    public boolean has(KnownDifference difference) {
        return buildDate().map(difference::affects).orElse(false);
    }

    /**
     * Runs {@code assertion}; if it fails and this build is known to differ in exactly this way, the test is
     * aborted (reported as skipped) with the precise upstream explanation. Otherwise the failure stands.
     */
    public void expectCurrentBehaviour(KnownDifference difference, Runnable assertion) {
        try {
            assertion.run();
        } catch (AssertionError failure) {
            if (!has(difference)) {
                throw failure;
            }
            Assumptions.abort("known difference of " + this + ", fixed upstream in " + difference.fixedInRelease()
                    + ": " + difference.explanation() + ". Observed: " + failure.getMessage());
        }
    }

    /**
     * The lines of {@code stderr} that carry messages: without the syslog noise of builds that have
     * {@link KnownDifference#SYSLOG_NOISE_WITHOUT_DEV_LOG} (the sandbox has no {@code /dev/log}).
     */
    public List<String> messageLines(String stderr) {
        boolean dropNoise = has(KnownDifference.SYSLOG_NOISE_WITHOUT_DEV_LOG);
        return Arrays.stream(stderr.split("\n"))
                .filter(line -> !line.isBlank())
                .filter(line -> !(dropNoise && line.matches(SYSLOG_NOISE)))
                .collect(Collectors.toList());
    }

    /** Runs outside any sandbox: only for {@code --version} in an empty netns, and for dpkg-query. */
    private static Result runHere(String... argv) {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C"));
        Optional.ofNullable(System.getenv("JAVA_HOME")).ifPresent(javaHome -> env.put("JAVA_HOME", javaHome));
        try (Proc proc = Proc.start(List.of(argv), env)) {
            return proc.await(Duration.ofSeconds(30));
        }
    }

    /** Fails with a clear message if the binary is missing, instead of a confusing exec failure later. */
    public PastaUnderTest requireExecutable() {
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("pasta under test " + path + " is not an executable file;"
                    + " build jpasta or pass -Dpasta.under.test=/path/to/pasta");
        }
        return this;
    }

    @Override
    public String toString() {
        return path + " (" + versionLine() + buildDate().map(date -> ", built " + date).orElse("") + ")";
    }
}
