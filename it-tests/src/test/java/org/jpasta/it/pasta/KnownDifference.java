package org.jpasta.it.pasta;

import java.time.LocalDate;

/**
 * A behaviour in which older upstream pasta builds differ from current pasta (and from jpasta's target).
 *
 * <p>The tests assert the current behaviour. When they run against an old build (such as Debian 12's
 * {@code 0.0~git20230309.7c7625d}), a failure that is exactly one of these differences is reported as an
 * aborted test naming the upstream release that changed it, instead of weakening the assertion for everyone.
 * Each entry was checked against the upstream sources of both releases.
 */
public enum KnownDifference {
    NETNS_QUIT_ON_PROCFS(LocalDate.of(2024, 2, 19), "2024_02_19.ff22a78",
            "when attached by PID, pasta watches /proc/PID/ns with inotify only, and inotify never reports"
                    + " deletions on procfs, so the daemon outlives the namespace; newer pasta polls"
                    + " procfs/sysfs paths with a 1 s timerfd (pasta_netns_quit_timer_handler)"),
    SYSLOG_NOISE_WITHOUT_DEV_LOG(LocalDate.of(2024, 3, 18), "2024_03_18.615d370",
            "with no /dev/log, every message is followed by 'Failed to send N bytes to syslog' on stderr"
                    + " (passt_vsyslog() sends on an unconnected socket); newer pasta only sends when the"
                    + " syslog socket is connected"),
    HELP_EXITS_WITH_FAILURE(LocalDate.of(2024, 6, 7), "2024_06_07.8a83b53",
            "--help prints the usage to stderr and exits 1; newer pasta prints it to stdout and exits 0");

    private final LocalDate fixedOn;
    private final String fixedInRelease;
    private final String explanation;

    KnownDifference(LocalDate fixedOn, String fixedInRelease, String explanation) {
        this.fixedOn = fixedOn;
        this.fixedInRelease = fixedInRelease;
        this.explanation = explanation;
    }

    /** Whether a build from {@code buildDate} still has the old behaviour. */
    public boolean affects(LocalDate buildDate) {
        return buildDate.isBefore(fixedOn);
    }

    public String fixedInRelease() {
        return fixedInRelease;
    }

    public String explanation() {
        return explanation;
    }
}
