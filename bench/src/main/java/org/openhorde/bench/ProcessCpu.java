package org.openhorde.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of every process of a horde, read from Linux {@code /proc} at the start and the end of the measured
 * window. The processes are those a horde home lists in {@code run/*.pid} and the infrastructure found by its
 * listening port (PostgreSQL, Redis, Kafka, S3), which on a shared machine may serve other hordes too.
 *
 * <p>PostgreSQL forks a backend per connection: its postmaster, its auxiliary processes (checkpointer, WAL writer,
 * ...) and the backends whose client is one of this horde's processes count as the horde's; the backends of other
 * clients are reported apart, as noise. A backend that ends inside the window is no longer there to be read: its
 * CPU shows only in the postmaster's reaped-children time, reported on its own row ("postgresql ended backends").
 */
final class ProcessCpu {

    /** USER_HZ: the unit of {@code /proc/<pid>/stat} times; 100 on every Linux architecture Java runs on. */
    static final double TICKS_PER_SECOND = 100.0;
    static final String POSTGRES = "postgresql";
    static final String POSTGRES_OTHERS = "postgresql other clients' backends";
    static final String POSTGRES_ENDED = "postgresql ended backends";

    /** A process by identity: a pid can be reused, its start time cannot. */
    record ProcessId(int pid, long startTicks) {
    }

    /** A thread of a process, by its id (a thread id reused inside one window is unlikely enough to be ignored). */
    record ThreadId(ProcessId process, int tid) {
    }

    /**
     * CPU ticks per group, each group a map of its processes' ticks; the nanoseconds their threads spent ready to run
     * but waiting for a core (the second field of each thread's {@code /proc/<pid>/task/<tid>/schedstat}), by the
     * same groups and processes; the machine's busy and total ticks.
     */
    record Sample(long nanoTime, Map<String, Map<ProcessId, Long>> groups,
                  Map<String, Map<ThreadId, Long>> runQueueWaits, long machineBusyTicks, long machineAllTicks,
                  Set<String> shared) {
    }

    /** The infrastructure looked up by listening TCP port, unless the horde home runs it itself. */
    private final Map<String, Integer> infraPorts;
    private final Path hordeHome;

    ProcessCpu(Path hordeHome, Map<String, Integer> infraPorts) {
        this.hordeHome = hordeHome;
        this.infraPorts = infraPorts;
    }

    static boolean available() {
        return Files.isReadable(Path.of("/proc/stat")) && Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** Infrastructure name to its process, looked up once (a scan of every process's descriptors is slow). */
    private final Map<String, Integer> infraPids = new HashMap<>();

    Sample sample() {
        long startedAt = System.nanoTime();
        long[] machine = machineTicks();
        Map<String, Map<ProcessId, Long>> groups = new TreeMap<>();
        Map<String, Map<ThreadId, Long>> waits = new TreeMap<>();
        Set<String> shared = new HashSet<>();
        if (!available()) {
            return new Sample(System.nanoTime(), groups, waits, 0, 0, shared);
        }
        Map<String, Integer> own = ownProcesses();
        Set<Integer> ownTree = new HashSet<>();
        own.forEach((name, pid) -> {
            Map<Integer, Stat> tree = tree(pid);
            ownTree.addAll(tree.keySet());
            groups.put(name, ticks(tree, true));
            waits.put(name, runQueueWaits(tree.values()));
        });
        Map<Long, Integer> listeners = null;
        for (Map.Entry<String, Integer> infra : infraPorts.entrySet()) {
            if (own.containsKey(infra.getKey()) || groups.containsKey(infra.getKey())) {
                continue;
            }
            Optional<Integer> pid = Optional.ofNullable(infraPids.get(infra.getKey()))
                    .filter(p -> Files.exists(Path.of("/proc", String.valueOf(p))));
            if (pid.isEmpty()) {
                if (listeners == null) {
                    listeners = socketOwners(listeningInodes());
                }
                pid = listenerOf(infra.getValue(), listeners);
                pid.ifPresent(p -> infraPids.put(infra.getKey(), p));
            }
            if (pid.isEmpty()) {
                continue;
            }
            if (infra.getKey().equals(POSTGRES)) {
                postgres(pid.get(), ownTree, groups, waits);
            } else {
                Map<Integer, Stat> tree = tree(pid.get());
                groups.put(infra.getKey(), ticks(tree, true));
                waits.put(infra.getKey(), runQueueWaits(tree.values()));
            }
            shared.add(infra.getKey());
        }
        return new Sample(startedAt, groups, waits, machine[0], machine[1], shared);
    }

    /**
     * Seconds each group's threads waited for a core between two samples, thread by thread: a thread born inside the
     * window counts from zero, one that ended inside it is no longer there to be read and is missing (its wait up to
     * then is lost, never subtracted: summing whole processes would take a pool's retired threads' lifetime waits
     * off the window).
     */
    static Map<String, Double> runQueueWaitSeconds(Sample before, Sample after) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<ThreadId, Long>> group : after.runQueueWaits().entrySet()) {
            Map<ThreadId, Long> then = before.runQueueWaits().getOrDefault(group.getKey(), Map.of());
            long nanos = 0;
            for (Map.Entry<ThreadId, Long> t : group.getValue().entrySet()) {
                nanos += Math.max(0, t.getValue() - then.getOrDefault(t.getKey(), 0L));
            }
            out.put(group.getKey(), nanos / 1e9);
        }
        return out;
    }

    /** CPU seconds per group between two samples, the machine's busy CPU seconds and its elapsed core seconds. */
    static Map<String, Double> seconds(Sample before, Sample after) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<ProcessId, Long>> group : after.groups().entrySet()) {
            Map<ProcessId, Long> then = before.groups().getOrDefault(group.getKey(), Map.of());
            long ticks = 0;
            for (Map.Entry<ProcessId, Long> p : group.getValue().entrySet()) {
                // A process born inside the window counts from zero.
                ticks += p.getValue() - then.getOrDefault(p.getKey(), 0L);
            }
            out.put(group.getKey(), Math.max(0, ticks) / TICKS_PER_SECOND);
        }
        return out;
    }

    // ------------------------------------------------------------------ the processes

    private Map<String, Integer> ownProcesses() {
        Map<String, Integer> own = new TreeMap<>();
        if (hordeHome == null || !Files.isDirectory(hordeHome.resolve("run"))) {
            return own;
        }
        try (Stream<Path> files = Files.list(hordeHome.resolve("run"))) {
            files.filter(p -> p.getFileName().toString().endsWith(".pid")).forEach(pidFile -> {
                try {
                    String[] fields = Files.readString(pidFile).strip().split("\\s+");
                    if (fields.length > 0 && fields[0].matches("\\d{1,9}")
                            && Files.exists(Path.of("/proc", fields[0]))) {
                        own.put(pidFile.getFileName().toString().replaceFirst("\\.pid$", ""),
                                Integer.parseInt(fields[0]));
                    }
                } catch (IOException gone) {
                    // a PID file being rewritten: the process is left out of this sample
                }
            });
        } catch (IOException e) {
            return own;
        }
        return own;
    }

    /**
     * PostgreSQL: the postmaster and its auxiliary processes plus the backends serving this horde's processes
     * (their client's socket belongs to one of them) are {@link #POSTGRES}; other backends {@link #POSTGRES_OTHERS};
     * the postmaster's reaped children {@link #POSTGRES_ENDED}.
     */
    private static void postgres(int postmaster, Set<Integer> ownTree, Map<String, Map<ProcessId, Long>> groups,
                                 Map<String, Map<ThreadId, Long>> waits) {
        Map<Integer, Stat> tree = tree(postmaster);
        Set<Integer> ownClientPorts = clientPortsOf(ownTree);
        Map<ProcessId, Long> ours = new HashMap<>();
        Map<ProcessId, Long> others = new HashMap<>();
        Map<ProcessId, Long> ended = new HashMap<>();
        Map<ThreadId, Long> oursWaits = new HashMap<>();
        Map<ThreadId, Long> othersWaits = new HashMap<>();
        Map<Long, int[]> connections = tcpConnections();
        for (Stat s : tree.values()) {
            ProcessId id = new ProcessId(s.pid(), s.startTicks());
            if (s.pid() == postmaster) {
                ours.put(id, s.selfTicks());
                oursWaits.putAll(runQueueWaits(id));
                ended.put(id, s.childTicks());
                continue;
            }
            List<Integer> peers = new ArrayList<>();
            for (long inode : socketInodes(s.pid())) {
                int[] ports = connections.get(inode);
                if (ports != null) {
                    peers.add(ports[1]);
                }
            }
            if (peers.isEmpty() || peers.stream().anyMatch(ownClientPorts::contains)) {
                ours.put(id, s.selfTicks());
                oursWaits.putAll(runQueueWaits(id));
            } else {
                others.put(id, s.selfTicks());
                othersWaits.putAll(runQueueWaits(id));
            }
        }
        groups.put(POSTGRES, ours);
        groups.put(POSTGRES_OTHERS, others);
        groups.put(POSTGRES_ENDED, ended);
        waits.put(POSTGRES, oursWaits);
        waits.put(POSTGRES_OTHERS, othersWaits);
    }

    private static Optional<Integer> listenerOf(int port, Map<Long, Integer> listeners) {
        for (Map.Entry<Long, int[]> l : listeningPorts().entrySet()) {
            if (l.getValue()[0] == port && listeners.containsKey(l.getKey())) {
                return Optional.of(listeners.get(l.getKey()));
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ /proc

    /** utime, stime, cutime, cstime and start time of one process (fields 14-17 and 22 of its stat line). */
    record Stat(int pid, int parent, long selfTicks, long childTicks, long startTicks) {
    }

    static Optional<Stat> stat(int pid) {
        try {
            return Optional.of(parseStat(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** The command name in parentheses may hold spaces and parentheses: the fields start after the last ')'. */
    static Stat parseStat(String line) {
        int pid = Integer.parseInt(line.substring(0, line.indexOf(' ')));
        String[] f = line.substring(line.lastIndexOf(')') + 2).strip().split(" ");
        // f[0] is field 3 (state): field n is f[n - 3]
        return new Stat(pid, Integer.parseInt(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]),
                Long.parseLong(f[13]) + Long.parseLong(f[14]), Long.parseLong(f[19]));
    }

    /** Nanoseconds one thread of this process has waited on a run queue, or -1 once it has ended. */
    static long ownThreadRunQueueWait(int tid) {
        try {
            return parseRunQueueWait(Files.readString(Path.of("/proc/self/task", String.valueOf(tid), "schedstat")));
        } catch (IOException | RuntimeException ended) {
            return -1;
        }
    }

    /** A process and its descendants (a horde process may be a wrapper around its JVM). */
    private static Map<Integer, Stat> tree(int root) {
        Map<Integer, Stat> all = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
                    .forEach(n -> stat(Integer.parseInt(n)).ifPresent(s -> all.put(s.pid(), s)));
        } catch (IOException e) {
            return Map.of();
        }
        Map<Integer, Stat> tree = new HashMap<>();
        if (!all.containsKey(root)) {
            return tree;
        }
        tree.put(root, all.get(root));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Stat s : all.values()) {
                if (!tree.containsKey(s.pid()) && tree.containsKey(s.parent())) {
                    tree.put(s.pid(), s);
                    grew = true;
                }
            }
        }
        return tree;
    }

    /**
     * Ticks per process; with {@code withReaped} the root's reaped children count too (a child that ended in the
     * window moves its time there).
     */
    private static Map<ProcessId, Long> ticks(Map<Integer, Stat> tree, boolean withReaped) {
        Map<ProcessId, Long> out = new HashMap<>();
        tree.values().forEach(s -> out.put(new ProcessId(s.pid(), s.startTicks()),
                s.selfTicks() + (withReaped ? s.childTicks() : 0)));
        return out;
    }

    private static Map<ThreadId, Long> runQueueWaits(Collection<Stat> processes) {
        Map<ThreadId, Long> out = new HashMap<>();
        processes.forEach(s -> out.putAll(runQueueWaits(new ProcessId(s.pid(), s.startTicks()))));
        return out;
    }

    /** Nanoseconds each live thread of the process has waited on a run queue; empty if unreadable. */
    static Map<ThreadId, Long> runQueueWaits(ProcessId process) {
        Map<ThreadId, Long> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(process.pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    out.put(new ThreadId(process, Integer.parseInt(task.getFileName().toString())),
                            parseRunQueueWait(Files.readString(task.resolve("schedstat"))));
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while listed
                }
            }
        } catch (IOException | RuntimeException gone) {
            return out;
        }
        return out;
    }

    /** {@code schedstat}: time on a CPU, time waiting on a run queue (both ns), timeslices run. */
    static long parseRunQueueWait(String schedstat) {
        return Long.parseLong(schedstat.strip().split("\\s+")[1]);
    }

    /** The machine's busy (all but idle and iowait) and all ticks, from the first line of /proc/stat. */
    private static long[] machineTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.strip().split("\\s+");
            long all = 0;
            long idle = 0;
            // user nice system idle iowait irq softirq steal (guest times are already inside user and nice)
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                long v = Long.parseLong(f[i]);
                all += v;
                if (i == 4 || i == 5) {
                    idle += v;
                }
            }
            return new long[] {all - idle, all};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static Set<Long> socketInodes(int pid) {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException | RuntimeException closed) {
                    // the descriptor closed while listed
                }
            });
        } catch (IOException | RuntimeException e) {
            return inodes;
        }
        return inodes;
    }

    /** The local ports of the TCP connections the given processes hold (their ends of PostgreSQL connections). */
    private static Set<Integer> clientPortsOf(Set<Integer> pids) {
        Map<Long, int[]> connections = tcpConnections();
        Set<Integer> ports = new HashSet<>();
        for (int pid : pids) {
            for (long inode : socketInodes(pid)) {
                int[] p = connections.get(inode);
                if (p != null) {
                    ports.add(p[0]);
                }
            }
        }
        return ports;
    }

    /** Socket inode to {local port, remote port} for every TCP socket, IPv4 and IPv6. */
    private static Map<Long, int[]> tcpConnections() {
        Map<Long, int[]> out = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.strip().split("\\s+");
                    out.put(Long.parseLong(f[9]), new int[] {port(f[1]), port(f[2]), Integer.parseInt(f[3], 16)});
                }
            } catch (IOException | RuntimeException e) {
                // no such table (IPv6 off)
            }
        }
        return out;
    }

    private static Map<Long, int[]> listeningPorts() {
        Map<Long, int[]> out = new HashMap<>();
        tcpConnections().forEach((inode, p) -> {
            if (p[2] == 0x0A) {
                out.put(inode, p);
            }
        });
        return out;
    }

    private static Set<Long> listeningInodes() {
        return listeningPorts().keySet();
    }

    /** Which process holds each of these socket inodes (a scan of every process's descriptors). */
    private static Map<Long, Integer> socketOwners(Set<Long> inodes) {
        Map<Long, Integer> owners = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).forEach(n -> {
                int pid = Integer.parseInt(n);
                for (long inode : socketInodes(pid)) {
                    if (inodes.contains(inode)) {
                        // the lowest pid holding a listening socket is the parent (PostgreSQL's postmaster)
                        owners.merge(inode, pid, Math::min);
                    }
                }
            });
        } catch (IOException e) {
            return owners;
        }
        return owners;
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
    }
}
