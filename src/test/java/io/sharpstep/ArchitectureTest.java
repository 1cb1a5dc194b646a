package io.sharpstep;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Layer rules: the engine and friends never see JavaFX; the UI never sees ONNX Runtime. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.sharpstep");
    }

    @Test
    void coreNeverDependsOnJavaFx() {
        noClasses().that().resideInAnyPackage("io.sharpstep.engine..", "io.sharpstep.image..",
                        "io.sharpstep.jobs..", "io.sharpstep.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
                .check(classes);
    }

    @Test
    void uiNeverDependsOnOnnxRuntime() {
        noClasses().that().resideInAPackage("io.sharpstep.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "io.sharpstep.engine.ort..")
                .check(classes);
    }

    @Test
    void noCyclesBetweenPackages() {
        // Each package is a slice (io.sharpstep.ui and io.sharpstep.ui.view are two): none may depend on itself
        // through others.
        slices().matching("io.sharpstep.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theUiIsLayered() {
        // viewer <- work <- model <- view <- ui: each may use those before it, never those after.
        noClasses().that().resideInAPackage("io.sharpstep.ui.viewer..").should().dependOnClassesThat()
                .resideInAnyPackage("io.sharpstep.ui", "io.sharpstep.ui.work..", "io.sharpstep.ui.model..",
                        "io.sharpstep.ui.view..").check(classes);
        noClasses().that().resideInAPackage("io.sharpstep.ui.work..").should().dependOnClassesThat()
                .resideInAnyPackage("io.sharpstep.ui", "io.sharpstep.ui.model..", "io.sharpstep.ui.view..")
                .check(classes);
        noClasses().that().resideInAPackage("io.sharpstep.ui.model..").should().dependOnClassesThat()
                .resideInAnyPackage("io.sharpstep.ui", "io.sharpstep.ui.view..").check(classes);
    }

    @Test
    void uiClassesExist() {
        // Guards against the rule above passing vacuously because the UI package moved.
        noClasses().that().resideInAPackage("io.sharpstep.ui..").should().dependOnClassesThat()
                .resideInAPackage("java.awt.dnd..").allowEmptyShould(false).check(classes);
    }
}
