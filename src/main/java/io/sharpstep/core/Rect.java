package io.sharpstep.core;

/** A rectangle in pixels: [x, x+width) × [y, y+height). */
public record Rect(int x, int y, int width, int height) {
}
