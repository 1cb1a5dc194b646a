package io.sharpstep.install;

import io.sharpstep.core.BigStack;
import io.sharpstep.core.CancelToken;
import io.sharpstep.core.CancelledException;
import io.sharpstep.core.Precision;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.pack.ManifestReader;
import io.sharpstep.engine.pack.ModelPack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

/**
 * Gets the OSEDiff pack onto this computer: checks the disk, downloads what is missing (or takes the user's
 * files), checks every file against its pinned hash, builds the pack in a hidden folder inside the models
 * folder, runs the sample check there, and only then renames it into place, so no half-built pack is ever
 * listed. Partial downloads are kept for a later resume until {@link #discardDownloads()}; finished downloads
 * are removed once the pack is in place.
 */
public final class Installer {
    private final Catalogue catalogue;
    private final TemplateSet templates;
    private final Downloader downloader;
    private final Path modelsDir;

    public Installer(Catalogue catalogue, TemplateSet templates, Downloader downloader, Path modelsDir) {
        this.catalogue = catalogue;
        this.templates = templates;
        this.downloader = downloader;
        this.modelsDir = modelsDir;
    }

    /** The app's own catalogue and templates, downloads over the system proxy. */
    public static Installer standard(Path modelsDir) {
        return new Installer(Catalogue.bundled(), TemplateSet.bundled(), Downloader.standard(), modelsDir);
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    /** Where downloads (and their parts) are kept: a hidden folder of the models folder. */
    public Path downloads() {
        return modelsDir.resolve(".downloads").resolve(catalogue.packId());
    }

    /** What installing a {@code precision} pack will take, with the user's files and extra mirrors. */
    public InstallPlan plan(Precision precision, List<Path> from, List<URI> mirrors) {
        try {
            return InstallPlan.make(catalogue, templates, precision, from, mirrors, modelsDir, downloads());
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, "Cannot look at the model files: "
                    + e.getMessage() + ".", e);
        }
    }

    /** Removes partial and finished downloads. Returns the bytes freed. */
    public long discardDownloads() {
        Path dir = downloads();
        try {
            long size = 0;
            if (Files.isDirectory(dir)) {
                try (var s = Files.walk(dir)) {
                    size = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
                }
            }
            PackBuilder.deleteTree(dir);
            return size;
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.OUTPUT, "Cannot remove the downloads in " + dir
                    + ".", e);
        }
    }

    /**
     * Carries out {@code plan}. Returns the installed pack.
     *
     * @throws CancelledException when cancelled (downloads' parts are kept)
     * @throws SharpStepException NETWORK, INPUT, DISK_FULL or PACK with one sentence; nothing is installed
     */
    public ModelPack install(InstallPlan plan, CancelToken cancel, InstallListener listener) {
        if (plan.installed()) {
            throw new SharpStepException(SharpStepException.Kind.OUTPUT, "The folder " + plan.target() + " already "
                    + "exists: remove it to build the pack again.");
        }
        Path building = null;
        try {
            plan.checkDisk(downloads());
            Progress progress = new Progress(plan, listener);
            SourceWeights.Paths paths = fetchAll(plan, cancel, progress);
            // <models>/.building-<random>/<pack id>/: the catalogue lists only direct children holding a
            // model.json, so the pack is invisible until it is renamed into place.
            building = Files.createDirectories(modelsDir).resolve(".building-"
                    + UUID.randomUUID().toString().substring(0, 8));
            Path dir = Files.createDirectories(building.resolve(plan.target().getFileName()));
            String note = "";
            try (SourceWeights weights = SourceWeights.open(paths, templates)) {
                progress.phase(InstallListener.Phase.BUILD, "Building the pack");
                PackBuilder.build(templates, weights, plan.precision(), plan.precision(), dir, cancel,
                        progress::fraction);
                progress.phase(InstallListener.Phase.CHECK, "Checking the pack on a sample");
                SampleCheck.Result r = BigStack.call("sample-check", () -> SampleCheck.run(dir, cancel));
                if (!r.ok() && plan.precision() == Precision.FP16) {
                    listener.note("The fp16 VAE gave " + r.problem() + " output on " + r.device()
                            + ": the pack keeps its VAE in fp32.");
                    PackBuilder.rebuildVae(templates, weights, dir, cancel, progress::fraction);
                    r = BigStack.call("sample-check", () -> SampleCheck.run(dir, cancel));
                    note = " (VAE in fp32)";
                }
                if (!r.ok()) {
                    throw new SharpStepException(SharpStepException.Kind.PACK, "The built pack gave " + r.problem()
                            + " output on a sample photo, so it was not installed.");
                }
            }
            cancel.check();
            move(dir, plan.target());
            removeFinishedDownloads(plan);
            ModelPack pack = ManifestReader.load(plan.target());
            listener.note("Installed " + pack.manifest().name() + note + " in " + plan.target() + ".");
            progress.phase(InstallListener.Phase.DONE, "Installed");
            return pack;
        } catch (IOException e) {
            throw io.sharpstep.core.Failures.of(e);
        } finally {
            if (building != null) {
                try {
                    PackBuilder.deleteTree(building);
                } catch (IOException e) {
                    listener.note("Could not remove the unfinished pack in " + building + ".");
                }
            }
        }
    }

    private SourceWeights.Paths fetchAll(InstallPlan plan, CancelToken cancel, Progress progress) throws IOException {
        Path[] paths = new Path[InstallPlan.ROLES.size()];
        for (int i = 0; i < paths.length; i++) {
            InstallPlan.Item item = plan.items().get(i);
            Catalogue.SourceFile f = item.file();
            if (item.local() != null || item.done()) {
                Path file = item.local() != null ? item.local() : item.target();
                progress.phase(InstallListener.Phase.VERIFY, "Checking " + f.fileName());
                if (!FileHashes.matches(f, file, cancel, progress::verified)) {
                    if (item.local() == null) {
                        Files.delete(file);
                    }
                    throw new SharpStepException(SharpStepException.Kind.INPUT, file + " is not the file SharpStep "
                            + "expects for " + f.path() + " (its " + f.hashKind() + " differs).");
                }
                paths[i] = file;
            } else {
                progress.phase(InstallListener.Phase.DOWNLOAD, "Downloading " + f.fileName());
                downloader.fetch(f, item.urls(), item.target(), cancel, new Downloader.Listener() {
                    @Override
                    public void bytes(Catalogue.SourceFile file, long done, long total) {
                        progress.downloaded(file, done, total);
                    }

                    @Override
                    public void note(String message) {
                        progress.listener().note(message);
                    }
                });
                progress.fileDone(f);
                paths[i] = item.target();
            }
        }
        return new SourceWeights.Paths(paths[0], paths[1], paths[2], paths[3]);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private void removeFinishedDownloads(InstallPlan plan) {
        for (InstallPlan.Item item : plan.items()) {
            if (item.local() == null && item.target() != null) {
                try {
                    Files.deleteIfExists(item.target());
                } catch (IOException ignored) {
                    // a leftover download costs disk space, nothing else
                }
            }
        }
    }
}
