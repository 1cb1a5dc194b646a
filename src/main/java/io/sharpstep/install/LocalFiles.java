package io.sharpstep.install;

import io.sharpstep.core.Precision;
import io.sharpstep.core.SharpStepException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the source files a user already has ({@code --from DIR|FILE...}): a folder in the diffusers layout
 * (unet/, vae/, text_encoder/ and osediff.pkl beside them, either precision's files), or single files recognised
 * by their place in that layout, their name or their exact size. Which file is which is settled here; whether
 * it is the right file is checked against its pinned hash before it is used.
 */
final class LocalFiles {
    /** A user's file and the catalogue entry it should be. */
    record Match(Path path, Catalogue.SourceFile file) {
    }

    private LocalFiles() {
    }

    static Map<String, Match> match(Catalogue catalogue, List<Path> from, Precision precision) throws IOException {
        Map<String, Match> out = new LinkedHashMap<>();
        for (Path p : from) {
            if (Files.isDirectory(p)) {
                for (String role : InstallPlan.ROLES) {
                    List<Catalogue.SourceFile> variants = catalogue.variants(role).stream()
                            .sorted((a, b) -> Boolean.compare(a.precision() != precision && a.precision() != null,
                                    b.precision() != precision && b.precision() != null)).toList();
                    for (Catalogue.SourceFile f : variants) {
                        Path candidate = p.resolve(f.path());
                        if (!out.containsKey(role) && Files.isRegularFile(candidate)) {
                            out.put(role, new Match(candidate, f));
                        }
                    }
                }
            } else if (Files.isRegularFile(p)) {
                Catalogue.SourceFile f = identify(catalogue, p);
                Match old = out.put(f.role(), new Match(p, f));
                if (old != null && !old.path().equals(p)) {
                    throw new SharpStepException(SharpStepException.Kind.INPUT, "Two of the files given are the "
                            + f.role().replace('_', ' ') + ": " + old.path().getFileName() + " and "
                            + p.getFileName() + ".");
                }
            } else {
                throw new SharpStepException(SharpStepException.Kind.INPUT, "There is no file or folder " + p + ".");
            }
        }
        return out;
    }

    private static Catalogue.SourceFile identify(Catalogue catalogue, Path p) throws IOException {
        String name = p.getFileName().toString();
        String withParent = p.getParent() == null || p.getParent().getFileName() == null ? name
                : p.getParent().getFileName() + "/" + name;
        for (Catalogue.SourceFile f : catalogue.files()) {
            if (f.path().equals(withParent)) {
                return f;
            }
        }
        List<Catalogue.SourceFile> byName = catalogue.files().stream().filter(f -> f.fileName().equals(name)).toList();
        if (byName.size() == 1) {
            return byName.get(0);
        }
        long size = Files.size(p);
        List<Catalogue.SourceFile> bySize = catalogue.files().stream().filter(f -> f.bytes() == size).toList();
        if (bySize.size() == 1) {
            return bySize.get(0);
        }
        throw new SharpStepException(SharpStepException.Kind.INPUT, "SharpStep cannot tell which model file "
                + p.getFileName() + " is: give the folder that holds unet/, vae/ and text_encoder/ instead.");
    }
}
