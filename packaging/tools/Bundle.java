import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build tool (run by Maven in the {@code package} profile as a single-file source program, so it works the
 * same on Linux, Windows and macOS): stages the jars, the bundled model packs and the sample photo, then runs
 * {@code jpackage} from the JDK doing the build to make a jlink'd app image and the installers asked for.
 * <p>Arguments are {@code --key value} pairs: basedir, target, classpath (the runtime class path from Maven),
 * version, types (comma-separated: deb, rpm, msi, exe, dmg, pkg; rpm is skipped where rpmbuild is missing),
 * variant (cpu or cuda), modules (for jlink), icon (rendered icon file), fast (true: quick deb compression).
 */
public final class Bundle {
    private final Map<String, String> opt;
    private final Path base;
    private final Path out;
    private final boolean cuda;
    private final String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);

    private Bundle(Map<String, String> opt) {
        this.opt = opt;
        this.base = Path.of(opt.get("basedir"));
        this.out = Path.of(opt.get("target"), "jpackage");
        this.cuda = "cuda".equals(opt.get("variant"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new Bundle(opt).run();
    }

    private void run() throws IOException, InterruptedException {
        deleteTree(out);
        Path input = out.resolve("input");
        Path config = out.resolve("config");
        stage(input);
        writeConfig(config);
        jpackage(appImageArgs(input, config, "app-image"));
        List<String> made = new ArrayList<>();
        for (String type : opt.getOrDefault("types", "").split(",")) {
            if (type.isBlank()) {
                continue;
            }
            if (type.equals("rpm") && !onPath("rpmbuild")) {
                System.out.println("[bundle] rpmbuild not found: no .rpm (apt install rpm to make one)");
                continue;
            }
            if (type.equals("deb") && !(onPath("dpkg-deb") && onPath("fakeroot"))) {
                System.out.println("[bundle] WARNING: dpkg-deb or fakeroot not found: no .deb (apt install fakeroot)");
                continue;
            }
            List<String> a = appImageArgs(input, config, type);
            a.addAll(installerArgs(type, config));
            jpackage(a);
            made.add(type);
        }
        report(made);
    }

    /** Jars (the ONNX Runtime jar slimmed to this platform's natives), model packs and the sample photo. */
    private void stage(Path input) throws IOException {
        Path lib = Files.createDirectories(input.resolve("lib"));
        Files.copy(Path.of(opt.get("target"), "sharpstep.jar"), input.resolve("sharpstep.jar"));
        for (String entry : opt.get("classpath").split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(jar)) {
                continue;
            }
            Path dest = lib.resolve(jar.getFileName());
            if (jar.getFileName().toString().startsWith("onnxruntime")) {
                slimOrtJar(jar, dest);
            } else {
                Files.copy(jar, dest);
            }
        }
        Path packs = base.resolve("models").resolve("packs");
        int n = 0;
        if (Files.isDirectory(packs)) {
            try (Stream<Path> dirs = Files.list(packs)) {
                for (Path d : dirs.sorted().toList()) {
                    if (Files.isRegularFile(d.resolve("model.json")) && !d.getFileName().toString().endsWith(".new")) {
                        copyTree(d, input.resolve("models").resolve("packs").resolve(d.getFileName()));
                        n++;
                    }
                }
            }
        }
        System.out.println(n > 0 ? "[bundle] " + n + " model pack(s) from " + packs
                : "[bundle] no packs in " + packs + " (built with -Dsharpstep.models.skip=true or offline): "
                        + "the bundle has bicubic only");
        Files.createDirectories(input.resolve("examples"));
        Files.copy(base.resolve("examples").resolve("lighthouse.png"), input.resolve("examples/lighthouse.png"));
    }

    /** Copies the ONNX Runtime jar keeping only this platform's native libraries (and no debug symbols). */
    private void slimOrtJar(Path jar, Path dest) throws IOException {
        String keep = "ai/onnxruntime/native/" + platform() + "/";
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(dest))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                String name = e.getName();
                boolean nativeLib = name.startsWith("ai/onnxruntime/native/") && name.length() > 22
                        && name.substring(22).contains("/");
                if ((nativeLib && !name.startsWith(keep)) || name.contains(".dSYM/")) {
                    continue;
                }
                zout.putNextEntry(new ZipEntry(name));
                in.transferTo(zout);
                zout.closeEntry();
            }
        }
        System.out.printf("[bundle] %s: kept natives for %s only (%d MB -> %d MB)%n", jar.getFileName(), platform(),
                Files.size(jar) >> 20, Files.size(dest) >> 20);
    }

    /** ONNX Runtime's folder name for this platform, e.g. linux-x64, osx-aarch64, win-x64. */
    private String platform() {
        String arch = System.getProperty("os.arch").matches("amd64|x86_64") ? "x64" : "aarch64";
        return (isWindows() ? "win" : isMac() ? "osx" : "linux") + "-" + arch;
    }

    /** Launcher properties, file associations (with the rendered icon) and the Linux desktop templates. */
    private void writeConfig(Path config) throws IOException {
        Files.createDirectories(config.resolve("associations"));
        Files.copy(base.resolve("packaging/cli-launcher.properties"), config.resolve("cli-launcher.properties"));
        try (Stream<Path> files = Files.list(base.resolve("packaging/associations"))) {
            for (Path f : files.sorted().toList()) {
                String text = Files.readString(f) + "icon=" + icon() + "\n";
                Files.writeString(config.resolve("associations").resolve(f.getFileName()), text);
            }
        }
        Path res = Files.createDirectories(config.resolve("resources"));
        try (Stream<Path> files = Files.list(base.resolve("packaging/linux"))) {
            for (Path f : files.toList()) {
                String text = Files.readString(f).replace("@DISPLAY_NAME@", cuda ? "SharpStep (CUDA)" : "SharpStep");
                Files.writeString(res.resolve(f.getFileName()), text);
            }
        }
    }

    private String icon() {
        return Path.of(opt.get("icon")).toAbsolutePath().toString();
    }

    /** What the app image and every installer share. */
    private List<String> appImageArgs(Path input, Path config, String type) {
        List<String> a = new ArrayList<>(List.of(
                "--type", type,
                "--dest", out.resolve(type.equals("app-image") ? "app" : "installer").toString(),
                "--name", "SharpStep",
                "--app-version", opt.get("version"),
                "--vendor", "SharpStep",
                "--description", "Enlarges photos x4 on your own computer" + (cuda ? " (CUDA build)" : ""),
                "--input", input.toString(),
                "--main-jar", "sharpstep.jar",
                "--main-class", "io.sharpstep.ui.Main",
                "--add-launcher", "sharpstep-cli=" + config.resolve("cli-launcher.properties"),
                "--java-options", "-Dsharpstep.home=$APPDIR",
                "--java-options", "-XX:MaxRAMPercentage=25",
                // ONNX Runtime loads its natives with System.load (a warning from JDK 24 on without this).
                "--java-options", "--enable-native-access=ALL-UNNAMED",
                "--add-modules", opt.get("modules"),
                "--icon", icon()));
        return a;
    }

    private List<String> installerArgs(String type, Path config) throws IOException {
        List<String> a = new ArrayList<>();
        try (Stream<Path> files = Files.list(config.resolve("associations"))) {
            for (Path f : files.sorted().toList()) {
                a.add("--file-associations");
                a.add(f.toString());
            }
        }
        a.add("--resource-dir");
        a.add(config.resolve("resources").toString());
        switch (type) {
            case "deb", "rpm" -> a.addAll(List.of("--linux-package-name", cuda ? "sharpstep-cuda" : "sharpstep",
                    "--linux-shortcut", "--linux-menu-group", "Graphics", "--linux-app-category", "graphics",
                    "--linux-app-release", "1"));
            case "msi", "exe" -> a.addAll(List.of("--win-menu", "--win-menu-group", "SharpStep", "--win-shortcut",
                    "--win-dir-chooser", "--win-upgrade-uuid", cuda ? "0b5a4f5e-3c1d-4f55-9d0a-6a3f1d2c7e42"
                            : "7d7c6a0e-2f3b-4b8e-9c51-2f0e5b9a8d13"));
            case "dmg", "pkg" -> a.addAll(List.of("--mac-package-identifier", cuda ? "io.sharpstep.cuda" : "io.sharpstep",
                    "--mac-package-name", "SharpStep"));
            default -> throw new IllegalArgumentException("unknown installer type " + type);
        }
        return a;
    }

    private void jpackage(List<String> args) throws IOException, InterruptedException {
        Path tool = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "jpackage.exe" : "jpackage");
        List<String> cmd = new ArrayList<>(List.of(tool.toString()));
        cmd.addAll(args);
        System.out.println("[bundle] jpackage --type " + args.get(1) + " (" + tool + ")");
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        if (Boolean.parseBoolean(opt.getOrDefault("fast", "false"))) {
            // CI: a quick gzip .deb instead of minutes of xz on a small machine.
            pb.environment().put("DPKG_DEB_COMPRESSOR_TYPE", "gzip");
            pb.environment().put("DPKG_DEB_COMPRESSOR_LEVEL", "1");
        }
        int rc = pb.start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException("jpackage failed (exit " + rc + "): " + String.join(" ", cmd));
        }
    }

    private void report(List<String> made) throws IOException {
        System.out.printf("[bundle] app image: %s (%d MB)%n", out.resolve("app"), treeSize(out.resolve("app")) >> 20);
        Path inst = out.resolve("installer");
        if (Files.isDirectory(inst)) {
            try (Stream<Path> files = Files.list(inst)) {
                for (Path f : files.sorted().toList()) {
                    System.out.printf("[bundle] installer: %s (%d MB)%n", f, Files.size(f) >> 20);
                }
            }
        }
        if (made.isEmpty()) {
            System.out.println("[bundle] no installer types asked for on this system (bundle.types)");
        }
    }

    private boolean isWindows() {
        return os.contains("win");
    }

    private boolean isMac() {
        return os.contains("mac");
    }

    private static boolean onPath(String exe) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, exe)));
    }

    private static long treeSize(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
