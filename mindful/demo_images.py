"""Demo pictures drawn with Pillow: illustrated portraits and Pacific Northwest scenes.

They have the proportions real photos will have (portraits 4:5, scenes 3:2, the share
image 1200 × 630), so an editor who swaps in real photos sees the layout they will get.
Each function returns a Pillow image; `mindful.demo.drawn_image` stores it in Wagtail.
Shapes are drawn at twice the size and scaled down, which smooths their edges.
"""

import random

from PIL import Image, ImageDraw, ImageFilter

SCALE = 2


def _gradient(size, top, bottom):
    """A vertical gradient from color `top` to color `bottom`."""
    width, height = size
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / max(1, height - 1)
        column.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return column.resize(size)


def _mix(color, other, amount):
    return tuple(round(a + (b - a) * amount) for a, b in zip(color, other, strict=True))


def _finish(picture, size):
    return picture.resize(size, Image.Resampling.LANCZOS)


# ---- Portraits ------------------------------------------------------------------------

PORTRAIT_LOOKS = {
    # skin, hair, hair style, top color, backdrop (top, bottom), glasses
    "tabitha": {
        "skin": (214, 170, 140),
        "hair": (92, 60, 44),
        "style": "long",
        "top": (63, 105, 92),
        "backdrop": ((214, 222, 230), (170, 184, 200)),
        "glasses": True,
    },
    "jordan": {
        "skin": (168, 118, 86),
        "hair": (38, 30, 28),
        "style": "curly",
        "top": (176, 120, 72),
        "backdrop": ((236, 226, 208), (204, 186, 156)),
        "glasses": False,
    },
}


def portrait(look, size=(800, 1000), seed=1):
    """A friendly head-and-shoulders illustration in front of a softly blurred room."""
    look = PORTRAIT_LOOKS[look]
    width, height = size[0] * SCALE, size[1] * SCALE
    rng = random.Random(seed)
    top, bottom = look["backdrop"]
    picture = _gradient((width, height), top, bottom)

    # Out-of-focus room behind the person: a window's light, a shelf, a plant.
    draw = ImageDraw.Draw(picture)
    draw.rectangle((width * 0.62, height * 0.06, width * 1.05, height * 0.5), fill=(250, 250, 245))
    shelf = _mix(bottom, (80, 60, 40), 0.4)
    draw.rectangle((-10, height * 0.32, width * 0.3, height * 0.36), fill=shelf)
    for _ in range(14):
        x, y = rng.uniform(0, width * 0.32), rng.uniform(height * 0.08, height * 0.34)
        r = rng.uniform(width * 0.03, width * 0.07)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(96, 136, 100))
    picture = picture.filter(ImageFilter.GaussianBlur(width / 40))

    draw = ImageDraw.Draw(picture)
    skin, hair, top_color = look["skin"], look["hair"], look["top"]
    shade = _mix(skin, (60, 30, 20), 0.18)
    cx, cy = width / 2, height * 0.40
    head_w, head_h = width * 0.32, height * 0.30

    if look["style"] == "long":  # hair that falls behind the shoulders
        draw.rounded_rectangle(
            (cx - head_w * 0.78, cy - head_h * 0.55, cx + head_w * 0.78, height * 0.78),
            radius=width * 0.16,
            fill=hair,
        )
    # Shoulders and top, then the neck and collar.
    draw.ellipse((width * 0.06, height * 0.70, width * 0.94, height * 1.35), fill=top_color)
    draw.rectangle(
        (cx - head_w * 0.2, cy + head_h * 0.3, cx + head_w * 0.2, height * 0.76), fill=shade
    )
    draw.polygon(
        [
            (cx - head_w * 0.32, height * 0.715),
            (cx + head_w * 0.32, height * 0.715),
            (cx, height * 0.82),
        ],
        fill=shade,
    )
    # Ears, head.
    for side in (-1, 1):
        ex = cx + side * head_w * 0.5
        draw.ellipse(
            (ex - head_w * 0.07, cy - head_h * 0.05, ex + head_w * 0.07, cy + head_h * 0.16),
            fill=shade,
        )
    draw.ellipse((cx - head_w / 2, cy - head_h / 2, cx + head_w / 2, cy + head_h / 2), fill=skin)

    if look["style"] == "long":
        draw.chord(
            (cx - head_w * 0.58, cy - head_h * 0.62, cx + head_w * 0.58, cy + head_h * 0.2),
            start=180,
            end=360,
            fill=hair,
        )
        draw.pieslice(
            (cx - head_w * 0.62, cy - head_h * 0.55, cx + head_w * 0.1, cy + head_h * 0.25),
            start=180,
            end=280,
            fill=hair,
        )
    else:  # short curls: a crown of overlapping circles
        draw.chord(
            (cx - head_w * 0.52, cy - head_h * 0.56, cx + head_w * 0.52, cy + head_h * 0.1),
            start=180,
            end=360,
            fill=hair,
        )
        for i in range(22):
            angle_x = -0.55 + 1.1 * (i / 21)
            x = cx + angle_x * head_w
            y = cy - head_h * (0.38 + 0.1 * (1 - (angle_x / 0.55) ** 2)) + rng.uniform(-8, 8)
            r = head_w * rng.uniform(0.12, 0.16)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=hair)

    # Face: brows, closed smiling eyes, nose, smile, cheeks.
    line = max(4, width // 220)
    features = _mix(hair, (30, 20, 20), 0.3)
    for side in (-1, 1):
        ex = cx + side * head_w * 0.2
        ey = cy + head_h * 0.02
        draw.arc(
            (ex - head_w * 0.09, ey - head_h * 0.05, ex + head_w * 0.09, ey + head_h * 0.05),
            200,
            340,
            fill=features,
            width=line,
        )
        draw.arc(
            (ex - head_w * 0.1, ey - head_h * 0.13, ex + head_w * 0.1, ey - head_h * 0.03),
            200,
            340,
            fill=hair,
            width=line + 2,
        )
        draw.ellipse(
            (ex - head_w * 0.08, ey + head_h * 0.1, ex + head_w * 0.04, ey + head_h * 0.16),
            fill=_mix(skin, (220, 110, 110), 0.25),
        )
        if look["glasses"]:
            draw.rounded_rectangle(
                (ex - head_w * 0.14, ey - head_h * 0.08, ex + head_w * 0.14, ey + head_h * 0.1),
                radius=head_w * 0.05,
                outline=(60, 50, 50),
                width=line,
            )
    if look["glasses"]:
        draw.line((cx - head_w * 0.06, cy, cx + head_w * 0.06, cy), fill=(60, 50, 50), width=line)
    draw.arc(
        (cx - head_w * 0.05, cy + head_h * 0.05, cx + head_w * 0.05, cy + head_h * 0.2),
        300,
        80,
        fill=shade,
        width=line,
    )
    draw.arc(
        (cx - head_w * 0.17, cy + head_h * 0.12, cx + head_w * 0.17, cy + head_h * 0.33),
        20,
        160,
        fill=(150, 70, 70),
        width=line + 2,
    )
    return _finish(picture.filter(ImageFilter.GaussianBlur(1.2)), size)


# ---- Pacific Northwest scenes ---------------------------------------------------------

SCENE_PALETTES = {
    # sky top, sky bottom, far mountain, hills, forest, water
    "morning": (
        (196, 214, 226),
        (246, 232, 212),
        (150, 166, 186),
        (104, 138, 128),
        (47, 82, 68),
        (150, 180, 190),
    ),
    "dusk": (
        (120, 134, 170),
        (240, 196, 170),
        (110, 112, 146),
        (82, 100, 112),
        (38, 56, 60),
        (150, 150, 176),
    ),
    "mist": (
        (214, 222, 222),
        (238, 236, 228),
        (176, 186, 190),
        (132, 156, 150),
        (60, 92, 82),
        (186, 202, 204),
    ),
}


def _tree(draw, x, base, height, color):
    """A conifer: stacked triangles narrowing to a point."""
    width = height * 0.36
    for tier in range(4):
        top = base - height * (0.35 + tier * 0.22)
        bottom = base - height * tier * 0.2
        half = width * (1 - tier * 0.2) / 2
        draw.polygon([(x - half, bottom), (x + half, bottom), (x, top)], fill=color)
    draw.rectangle(
        (x - width * 0.05, base - height * 0.05, x + width * 0.05, base + height * 0.04),
        fill=color,
    )


def landscape(palette="morning", size=(1500, 1000), seed=1, mountain=True):
    """A calm scene: a snow-capped peak over forested hills and still water."""
    sky_top, sky_bottom, far, hills, forest, water = SCENE_PALETTES[palette]
    width, height = size[0] * SCALE, size[1] * SCALE
    rng = random.Random(seed)
    picture = _gradient((width, height), sky_top, sky_bottom)
    draw = ImageDraw.Draw(picture)
    horizon = height * 0.62

    draw.ellipse(
        (width * 0.62, height * 0.1, width * 0.82, height * 0.1 + width * 0.2), fill=(255, 244, 222)
    )
    picture = picture.filter(ImageFilter.GaussianBlur(width / 60))  # a hazy sun
    draw = ImageDraw.Draw(picture)

    if mountain:  # a broad volcanic peak, like Mount Rainier from the city
        peak_x = width * rng.uniform(0.3, 0.45)
        base_w = width * 0.7
        draw.polygon(
            [
                (peak_x - base_w / 2, horizon),
                (peak_x - width * 0.05, height * 0.22),
                (peak_x + width * 0.04, height * 0.21),
                (peak_x + base_w / 2, horizon),
            ],
            fill=far,
        )
        snow = (246, 247, 250)
        draw.polygon(
            [
                (peak_x - width * 0.14, height * 0.34),
                (peak_x - width * 0.05, height * 0.22),
                (peak_x + width * 0.04, height * 0.21),
                (peak_x + width * 0.15, height * 0.35),
                (peak_x + width * 0.08, height * 0.32),
                (peak_x + width * 0.02, height * 0.36),
                (peak_x - width * 0.04, height * 0.31),
                (peak_x - width * 0.09, height * 0.36),
            ],
            fill=snow,
        )

    # Rolling hills, then two rows of trees, the nearer darker and larger.
    points = [(0, horizon)]
    for i in range(9):
        points.append((width * i / 8, horizon - height * rng.uniform(0.04, 0.11)))
    points += [(width, horizon), (width, horizon + 10), (0, horizon + 10)]
    draw.polygon(points, fill=hills)
    for row, (count, tree_h, color) in enumerate(
        ((34, height * 0.09, _mix(forest, hills, 0.45)), (16, height * 0.2, forest))
    ):
        for _ in range(count):
            x = rng.uniform(-20, width + 20)
            if row == 1 and width * 0.28 < x < width * 0.72:
                continue  # leave the view open in the middle
            _tree(draw, x, horizon + 4, tree_h * rng.uniform(0.7, 1.2), color)

    # Still water with soft reflections.
    draw.rectangle((0, horizon, width, height), fill=water)
    for _ in range(60):
        y = rng.uniform(horizon + 10, height)
        x = rng.uniform(0, width)
        length = rng.uniform(width * 0.03, width * 0.16)
        shade = (
            _mix(water, (255, 255, 255), 0.35) if rng.random() < 0.6 else _mix(water, forest, 0.4)
        )
        draw.line((x, y, x + length, y), fill=shade, width=max(3, width // 500))
    return _finish(picture.filter(ImageFilter.GaussianBlur(1.5)), size)


def therapy_room(size=(1500, 1000), seed=1):
    """Two armchairs facing each other by a window that looks out on evergreens."""
    width, height = size[0] * SCALE, size[1] * SCALE
    rng = random.Random(seed)
    picture = _gradient((width, height), (236, 228, 214), (222, 210, 192))
    draw = ImageDraw.Draw(picture)
    floor = height * 0.72
    draw.rectangle((0, floor, width, height), fill=(176, 138, 104))
    for x in range(0, width, width // 12):
        draw.line((x, floor, x - width * 0.1, height), fill=(160, 122, 90), width=4)

    # The window, with a small forest scene inside it.
    window = (int(width * 0.3), int(height * 0.1), int(width * 0.7), int(height * 0.56))
    view = landscape(
        "mist", (window[2] - window[0], window[3] - window[1]), seed=seed, mountain=False
    )
    picture.paste(view, window[:2])
    draw.rectangle(window, outline=(250, 248, 242), width=width // 90)
    draw.line(
        ((window[0] + window[2]) / 2, window[1], (window[0] + window[2]) / 2, window[3]),
        fill=(250, 248, 242),
        width=width // 140,
    )

    draw.ellipse(
        (width * 0.18, height * 0.8, width * 0.82, height * 0.98), fill=(150, 168, 150)
    )  # rug
    for side, color in ((-1, (84, 112, 100)), (1, (190, 140, 96))):
        cx = width / 2 + side * width * 0.3
        back = (cx - width * 0.11, height * 0.5, cx + width * 0.11, height * 0.8)
        draw.rounded_rectangle(back, radius=width * 0.04, fill=color)
        seat = (cx - width * 0.14, height * 0.66, cx + width * 0.14, height * 0.84)
        draw.rounded_rectangle(seat, radius=width * 0.03, fill=_mix(color, (0, 0, 0), 0.12))
        for leg in (-1, 1):
            lx = cx + leg * width * 0.11
            draw.rectangle((lx - 6, height * 0.84, lx + 6, height * 0.88), fill=(70, 50, 40))

    # A plant in a pot and a small side table.
    pot_x = width * 0.9
    draw.polygon(
        [
            (pot_x - 60, floor - 10),
            (pot_x + 60, floor - 10),
            (pot_x + 44, floor + 110),
            (pot_x - 44, floor + 110),
        ],
        fill=(200, 120, 80),
    )
    for _ in range(18):
        angle = rng.uniform(-1.2, 1.2)
        length = rng.uniform(height * 0.12, height * 0.25)
        tip = (pot_x + angle * length * 0.8, floor - 10 - length)
        draw.line((pot_x, floor - 10, *tip), fill=(52, 104, 70), width=10)
        draw.ellipse((tip[0] - 26, tip[1] - 14, tip[0] + 26, tip[1] + 14), fill=(64, 126, 84))
    draw.rounded_rectangle(
        (width * 0.46, height * 0.7, width * 0.54, height * 0.73), radius=8, fill=(120, 86, 60)
    )
    draw.rectangle((width * 0.495, height * 0.73, width * 0.505, height * 0.86), fill=(120, 86, 60))
    # Soft focus, as in a photo: crisp flat shapes take AV1 encoders (AVIF renditions) several
    # times longer, and the post's first visit would wait for them.
    return _finish(picture, size).filter(ImageFilter.GaussianBlur(3))
