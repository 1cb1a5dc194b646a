package io.sharpstep;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
    void uiClassesExist() {
        // Guards against the rule above passing vacuously because the UI package moved.
        noClasses().that().resideInAPackage("io.sharpstep.ui..").should().dependOnClassesThat()
                .resideInAPackage("java.awt.dnd..").allowEmptyShould(false).check(classes);
    }
}
