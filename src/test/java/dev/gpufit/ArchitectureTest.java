package dev.gpufit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The boundaries the layout promises, checked on the sources: no package cycle (every package a
 * node), the root package a kernel that uses no other, the domain ({@code estimate}, {@code fit},
 * {@code model}) below the surfaces and the application layer, {@code estimate} and {@code fit} pure (no environment, files or clock),
 * {@code fleet} apart from the model and its estimates, and native access at the edge (JNA only
 * in {@code *.jna}, OSHI only in {@code device.host}).
 */
class ArchitectureTest {
    static final Path MAIN = Path.of("src/main/java");
    static final String BASE = "dev.gpufit";

    /** One source file: its package, the types it imports, and its code without comments and strings. */
    record Source(Path file, String pkg, List<String> imports, String code) {}

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?([\\w.]+)(?:\\.\\*)?;", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\b(dev\\.gpufit(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    static List<Source> sources() throws IOException {
        List<Source> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(f);
                Matcher p = PACKAGE.matcher(text);
                assertTrue(p.find(), f + " has no package");
                List<String> imports = new ArrayList<>();
                Matcher m = IMPORT.matcher(text);
                while (m.find()) {
                    imports.add(m.group(1));
                }
                out.add(new Source(f, p.group(1), imports, stripCommentsAndStrings(text)));
            }
        }
        return out;
    }

    /** Code only: comments, string and char literals blanked, so a javadoc mention is no dependency. */
    static String stripCommentsAndStrings(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
                out.append(' ');
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                i = end < 0 ? s.length() : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < s.length() && s.charAt(i) != c) {
                    i += s.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Package → the packages it uses (imports, and fully qualified names in code), with the files that do. */
    static Map<String, Map<String, Set<String>>> packageGraph(List<Source> sources) {
        Set<String> packages = new TreeSet<>();
        sources.forEach(s -> packages.add(s.pkg()));
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        packages.forEach(p -> graph.put(p, new TreeMap<>()));
        for (Source s : sources) {
            List<String> used = new ArrayList<>(s.imports());
            Matcher q = QUALIFIED.matcher(s.code());
            while (q.find()) {
                used.add(q.group(1) + ".X");
            }
            for (String name : used) {
                String target = owningPackage(name, packages);
                if (target != null && !target.equals(s.pkg())) {
                    graph.get(s.pkg())
                            .computeIfAbsent(target, k -> new TreeSet<>())
                            .add(s.file().getFileName().toString());
                }
            }
        }
        return graph;
    }

    /** The longest known package that {@code name} (a type or member) sits in, or null outside the project. */
    static String owningPackage(String name, Set<String> packages) {
        String p = name;
        while (p.contains(".")) {
            p = p.substring(0, p.lastIndexOf('.'));
            if (packages.contains(p)) {
                return p;
            }
        }
        return null;
    }

    /** A cycle as "a -> b (Files) -> a", or null when the graph has none. */
    static String findCycle(Map<String, Map<String, Set<String>>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1 on the path, 2 done
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            String found = visit(start, graph, state, path);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String visit(
            String node, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> state, List<String> path) {
        Integer st = state.get(node);
        if (st != null && st == 2) {
            return null;
        }
        if (st != null && st == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            StringBuilder sb = new StringBuilder(cycle.get(0));
            for (int i = 1; i < cycle.size(); i++) {
                sb.append(" -> ")
                        .append(cycle.get(i))
                        .append(" ")
                        .append(graph.get(cycle.get(i - 1)).get(cycle.get(i)));
            }
            return sb.toString();
        }
        state.put(node, 1);
        path.add(node);
        for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
            String found = visit(next, graph, state, path);
            if (found != null) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return null;
    }

    static Map<String, Map<String, Set<String>>> graph() throws IOException {
        return packageGraph(sources());
    }

    static boolean inside(String pkg, String area) {
        String a = BASE + "." + area;
        return pkg.equals(a) || pkg.startsWith(a + ".");
    }

    /** The dependencies from packages in {@code from} to packages in {@code to}, as "a -> b [Files]". */
    static List<String> dependencies(List<String> from, List<String> to) throws IOException {
        List<String> bad = new ArrayList<>();
        graph().forEach((pkg, uses) -> {
            if (from.stream().anyMatch(f -> inside(pkg, f))) {
                uses.forEach((target, files) -> {
                    if (to.stream().anyMatch(t -> inside(target, t))) {
                        bad.add(pkg + " -> " + target + " " + files);
                    }
                });
            }
        });
        return bad;
    }

    @Test
    void packagesFormNoCycle() throws IOException {
        assertEquals(null, findCycle(graph()), "package cycle");
    }

    @Test
    void theCycleFinderReportsTheCycleAndTheFilesOnEachEdge() {
        Map<String, Map<String, Set<String>>> g = new TreeMap<>();
        g.put("a", new TreeMap<>(Map.of("b", Set.of("A.java"))));
        g.put("b", new TreeMap<>(Map.of("c", Set.of("B.java"))));
        g.put("c", new TreeMap<>(Map.of("a", Set.of("C.java"))));
        assertEquals("a -> b [A.java] -> c [B.java] -> a [C.java]", findCycle(g));
        g.get("c").clear();
        assertEquals(null, findCycle(g));
    }

    @Test
    void aJavadocMentionIsNoDependency() {
        String code = stripCommentsAndStrings(
                "/** {@code dev.gpufit.cli.Main} */ class A { String s = \"dev.gpufit.cli.X\"; }"
                        + " // dev.gpufit.agent.Y\n dev.gpufit.fit.Z z;");
        Matcher q = QUALIFIED.matcher(code);
        List<String> found = new ArrayList<>();
        while (q.find()) {
            found.add(q.group(1));
        }
        assertEquals(List.of("dev.gpufit.fit"), found);
    }

    @Test
    void theDomainNeverUsesTheSurfacesOrTheApplicationLayer() throws IOException {
        assertEquals(
                List.of(),
                dependencies(List.of("estimate", "fit", "model"), List.of("cli", "agent", "report", "app", "fleet")));
    }

    @Test
    void theRootPackageIsAKernelThatUsesNoOtherPackage() throws IOException {
        assertEquals(Map.of(), graph().get(BASE));
    }

    @Test
    void fleetIsIndependentOfModelsAndEstimates() throws IOException {
        assertEquals(List.of(), dependencies(List.of("fleet"), List.of("model", "estimate", "fit")));
    }

    @Test
    void estimateAndFitReadNoEnvironmentFilesOrClock() throws IOException {
        Pattern impure = Pattern.compile("System\\.getenv|System\\.getProperty|System\\.currentTimeMillis"
                + "|System\\.nanoTime|Instant\\.now|\\bClock\\b|\\bFiles\\.|java\\.io\\.File\\b|java\\.nio\\.file\\.");
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) {
            if (!inside(s.pkg(), "estimate") && !inside(s.pkg(), "fit")) {
                continue;
            }
            for (String i : s.imports()) {
                if (impure.matcher(i).find() || i.equals("java.time.Clock") || i.equals("java.time.Instant")) {
                    bad.add(s.file().getFileName() + ": import " + i);
                }
            }
            Matcher m = impure.matcher(s.code());
            while (m.find()) {
                bad.add(s.file().getFileName() + ": " + m.group());
            }
        }
        assertEquals(List.of(), bad);
    }

    /** Files outside the allowed packages that import {@code prefix}. */
    static List<String> importers(String prefix, java.util.function.Predicate<String> allowedPackage)
            throws IOException {
        List<String> bad = new ArrayList<>();
        for (Source s : sources()) {
            if (allowedPackage.test(s.pkg())) {
                continue;
            }
            for (String i : s.imports()) {
                if (i.startsWith(prefix)) {
                    bad.add(s.file().getFileName() + ": " + i);
                }
            }
        }
        return bad;
    }

    @Test
    void jnaOnlyInBindingPackages() throws IOException {
        assertEquals(List.of(), importers("com.sun.jna", p -> p.endsWith(".jna")));
    }

    @Test
    void oshiOnlyInDeviceHost() throws IOException {
        assertEquals(List.of(), importers("oshi.", p -> p.equals("dev.gpufit.device.host")));
    }
}
