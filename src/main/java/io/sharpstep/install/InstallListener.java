package io.sharpstep.install;

/**
 * Receives an install's progress on the thread doing the work; a UI must move it to its own thread.
 */
public interface InstallListener {
    InstallListener NONE = s -> { };

    /** The steps of an install. */
    enum Phase {
        VERIFY("Checking files"),
        DOWNLOAD("Downloading"),
        BUILD("Building the pack"),
        CHECK("Checking the pack"),
        DONE("Done");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * Where an install is.
     *
     * @param phase          the step
     * @param text           what is happening, e.g. "Downloading diffusion_pytorch_model.fp16.safetensors"
     * @param fraction       share of the step done, 0..1, or -1 when unknown
     * @param bytesDone      downloaded bytes of all files to download (parts kept from before included)
     * @param bytesTotal     bytes of all files to download (approximate where a size is unknown)
     * @param bytesPerSecond download speed over the last seconds, 0 when not downloading
     * @param etaSeconds     estimated seconds left for the downloads, -1 when unknown
     */
    record Status(Phase phase, String text, double fraction, long bytesDone, long bytesTotal, double bytesPerSecond,
                  double etaSeconds) {
    }

    void status(Status status);

    /** Something worth a line in the log (a mirror skipped, the VAE kept in fp32, the pack installed). */
    default void note(String sentence) {
    }
}
