package io.sharpstep.core;

/**
 * One progress report.
 *
 * @param stage      what is running
 * @param tile       tiles of this stage done (0..tiles)
 * @param tiles      tiles in this stage (1 where the stage is not tiled)
 * @param fraction   share of the whole job done, 0..1, from work actually completed
 * @param etaSeconds estimated seconds left, or -1 while unknown
 */
public record Progress(Stage stage, int tile, int tiles, double fraction, double etaSeconds) {
}
