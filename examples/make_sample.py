"""Renders examples/lighthouse.png: a small drawn scene (our own, no third-party pixels) to try SharpStep on.

Drawn at 8x and reduced with Lanczos, then given mild camera-like softness and noise, so it has the fine
edges, gradients and texture an upscaler has to handle. Deterministic. Run with Debian's python3-pil:
    /usr/bin/python3 examples/make_sample.py
"""
import math
import random
from PIL import Image, ImageDraw, ImageFilter

W, H, S = 320, 240, 8
rnd = random.Random(42)
img = Image.new("RGB", (W * S, H * S))
d = ImageDraw.Draw(img)

for y in range(H * S):  # sky: deep blue to warm haze
    t = y / (H * S * 0.62)
    c = tuple(int(a + (b - a) * min(t, 1)) for a, b in zip((38, 84, 158), (244, 196, 150)))
    d.line([(0, y), (W * S, y)], fill=c)
d.ellipse([228 * S, 58 * S, 262 * S, 92 * S], fill=(255, 236, 190))  # sun
for _ in range(7):  # clouds
    cx, cy, r = rnd.uniform(0, W), rnd.uniform(15, 80), rnd.uniform(10, 26)
    for k in range(6):
        ox, oy, rr = rnd.uniform(-r, r), rnd.uniform(-r / 3, r / 3), r * rnd.uniform(0.5, 0.9)
        d.ellipse([(cx + ox - rr) * S, (cy + oy - rr / 2) * S, (cx + ox + rr) * S, (cy + oy + rr / 2) * S],
                  fill=(250, 244, 238))
horizon = 150
for y in range(horizon * S, H * S):  # sea with ripples
    t = (y - horizon * S) / ((H - horizon) * S)
    base = (30 + 20 * t, 88 + 30 * t, 120 + 20 * t)
    d.line([(0, y), (W * S, y)], fill=tuple(int(v) for v in base))
for i in range(900):
    x, y = rnd.uniform(0, W), rnd.uniform(horizon + 2, H)
    ln = rnd.uniform(2, 9) * (y - horizon) / (H - horizon) + 1
    d.line([(x * S, y * S), ((x + ln) * S, y * S)], fill=(200, 215, 225), width=max(1, int(S * 0.35)))
rocks = [(0, 240), (0, 180), (40, 160), (85, 150), (120, 170), (150, 190), (170, 240)]
d.polygon([(x * S, y * S) for x, y in rocks], fill=(62, 54, 48))
for i in range(400):  # rock texture
    x, y = rnd.uniform(0, 160), rnd.uniform(160, 240)
    if y > 150 + abs(x - 85) * 0.4:
        g = rnd.randint(40, 95)
        d.ellipse([x * S, y * S, (x + 1.6) * S, (y + 1.2) * S], fill=(g + 8, g, g - 6))
bx, top, bot = 85, 52, 152  # lighthouse: tapered tower with red bands, gallery, lamp
for y in range(top * S, bot * S):
    t = (y - top * S) / ((bot - top) * S)
    half = (7 + 6 * t) * S
    band = int(t * 5) % 2 == 0
    d.line([(bx * S - half, y), (bx * S + half, y)], fill=(196, 38, 38) if band else (240, 238, 232))
d.rectangle([(bx - 10) * S, (top - 3) * S, (bx + 10) * S, top * S], fill=(40, 40, 44))
d.rectangle([(bx - 6) * S, (top - 14) * S, (bx + 6) * S, (top - 3) * S], fill=(255, 226, 120))
for k in range(-6, 7, 3):
    d.line([((bx + k) * S, (top - 14) * S), ((bx + k) * S, (top - 3) * S)], fill=(50, 50, 50), width=S // 2)
d.polygon([((bx - 8) * S, (top - 14) * S), (bx * S, (top - 22) * S), ((bx + 8) * S, (top - 14) * S)],
          fill=(30, 30, 34))
for ang in (-0.18, 0.12):  # light beams
    d.polygon([(bx * S, (top - 9) * S), ((bx + 200) * S, (top - 9 + 200 * math.tan(ang) - 8) * S),
               ((bx + 200) * S, (top - 9 + 200 * math.tan(ang) + 8) * S)], fill=(255, 240, 170))
d.rectangle([(bx - 2) * S, 120 * S, (bx + 2) * S, 130 * S], fill=(60, 40, 30))  # door
for wy in (80, 100):
    d.rectangle([(bx - 1.5) * S, wy * S, (bx + 1.5) * S, (wy + 4) * S], fill=(40, 50, 70))
d.text((200 * S, 225 * S), "SharpStep", fill=(255, 255, 255))

small = img.resize((W, H), Image.LANCZOS).filter(ImageFilter.GaussianBlur(0.4))
px = small.load()
for y in range(H):
    for x in range(W):
        px[x, y] = tuple(max(0, min(255, v + int(rnd.gauss(0, 2.0)))) for v in px[x, y])
small.save("examples/lighthouse.png", optimize=True)
print("wrote examples/lighthouse.png", small.size)
