package io.sharpstep.engine;

/** A rectangle in pixels: [x, x+width) × [y, y+height). */
public record TileRegion(int x, int y, int width, int height) {
}
