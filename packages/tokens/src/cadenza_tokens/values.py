"""Turn resolved DTCG values into CSS text (and plain Python values), checking them on the way."""

import re

from cadenza_tokens.errors import InvalidTokenError
from cadenza_tokens.model import Token

_HEX = re.compile(r"#[0-9a-f]{6}")
_DIMENSION_UNITS = ("px", "rem")
_DURATION_UNITS = ("ms", "s")
# Generic families and system keywords are CSS keywords; quoting them would turn them into names.
_FONT_KEYWORDS = frozenset(
    {
        "serif",
        "sans-serif",
        "monospace",
        "cursive",
        "fantasy",
        "system-ui",
        "ui-serif",
        "ui-sans-serif",
        "ui-monospace",
        "ui-rounded",
        "emoji",
        "math",
        "fangsong",
        "-apple-system",
        "BlinkMacSystemFont",
    }
)
_BARE_FONT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


def css_value(token: Token) -> str:
    """The token's value as CSS text, e.g. `#1db954`, `16px`, `cubic-bezier(0.2, 0, 0, 1)`."""
    match token.type:
        case "color":
            return color_hex(token.value, token.path)
        case "dimension":
            return _measure(token.value, token.path, _DIMENSION_UNITS)
        case "duration":
            return _measure(token.value, token.path, _DURATION_UNITS)
        case "fontFamily":
            return _font_family(token.value, token.path)
        case "fontWeight":
            return str(_font_weight(token.value, token.path))
        case "number":
            return _number_text(_number(token.value, token.path))
        case "cubicBezier":
            return _cubic_bezier(token.value, token.path)
        case "shadow":
            return _shadow(token.value, token.path)


def python_value(token: Token) -> str | int | float:
    """The value a Python theme holds: numbers stay numbers, everything else is CSS text."""
    if token.type == "fontWeight":
        return _font_weight(token.value, token.path)
    if token.type == "number":
        return _number(token.value, token.path)
    return css_value(token)


def color_hex(value: object, path: str) -> str:
    """An sRGB DTCG colour as `#rrggbb`, or `#rrggbbaa` when it is translucent."""
    if not isinstance(value, dict):
        raise InvalidTokenError(f"{path}: a colour is an object with colorSpace and components.")
    if value.get("colorSpace") != "srgb":
        raise InvalidTokenError(f"{path}: only srgb colours are supported.")
    components = value.get("components")
    if not (isinstance(components, list) and len(components) == 3):
        raise InvalidTokenError(f"{path}: components must be three numbers between 0 and 1.")
    channels = [_fraction(part, path, "components") for part in components]
    alpha = _fraction(value.get("alpha", 1), path, "alpha")
    rgb = "#" + "".join(f"{round(channel * 255):02x}" for channel in channels)
    declared = value.get("hex")
    if declared is not None:
        if not (isinstance(declared, str) and _HEX.fullmatch(declared.lower())):
            raise InvalidTokenError(f"{path}: hex must look like #1db954.")
        if declared.lower() != rgb:
            raise InvalidTokenError(
                f"{path}: hex {declared} does not match components {components} ({rgb}); "
                f"the components of {declared} are {srgb_components(declared.lower())}."
            )
    return rgb if alpha == 1 else f"{rgb}{round(alpha * 255):02x}"


def srgb_components(hex_color: str) -> list[float]:
    """The DTCG sRGB components of `#rrggbb`, to four decimals."""
    return [round(int(hex_color[index : index + 2], 16) / 255, 4) for index in (1, 3, 5)]


def _measure(value: object, path: str, units: tuple[str, ...]) -> str:
    if not isinstance(value, dict) or set(value) != {"value", "unit"}:
        raise InvalidTokenError(
            f'{path}: write the value as {{"value": 16, "unit": "{units[0]}"}}.'
        )
    unit = value["unit"]
    if unit not in units:
        raise InvalidTokenError(f"{path}: unit must be one of {', '.join(units)}, not {unit!r}.")
    return f"{_number_text(_number(value['value'], path))}{unit}"


def _font_family(value: object, path: str) -> str:
    names = [value] if isinstance(value, str) else value
    if not (isinstance(names, list) and names and all(isinstance(name, str) for name in names)):
        raise InvalidTokenError(f"{path}: a font family is a name or a list of names.")
    return ", ".join(_font_name(name, path) for name in names)


def _font_name(name: str, path: str) -> str:
    if name in _FONT_KEYWORDS or _BARE_FONT_NAME.fullmatch(name):
        return name
    if '"' in name or not name.isprintable():
        raise InvalidTokenError(
            f"{path}: a font name cannot hold double quotes or control characters ({name!r})."
        )
    return f'"{name}"'


def _font_weight(value: object, path: str) -> int:
    if not (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000):
        raise InvalidTokenError(f"{path}: write the font weight as a number from 1 to 1000.")
    return value


def _cubic_bezier(value: object, path: str) -> str:
    if not (isinstance(value, list) and len(value) == 4):
        raise InvalidTokenError(f"{path}: a cubic Bézier is four numbers [x1, y1, x2, y2].")
    x1, y1, x2, y2 = (_number(part, path) for part in value)
    if not (0 <= x1 <= 1 and 0 <= x2 <= 1):
        raise InvalidTokenError(f"{path}: a cubic Bézier's x values must be between 0 and 1.")
    return f"cubic-bezier({', '.join(_number_text(part) for part in (x1, y1, x2, y2))})"


def _shadow(value: object, path: str) -> str:
    layers = value if isinstance(value, list) else [value]
    if not layers:
        raise InvalidTokenError(f"{path}: a shadow needs at least one layer.")
    return ", ".join(_shadow_layer(layer, path) for layer in layers)


def _shadow_layer(layer: object, path: str) -> str:
    fields = {"color", "offsetX", "offsetY", "blur", "spread"}
    if not (isinstance(layer, dict) and fields <= set(layer) <= fields | {"inset"}):
        raise InvalidTokenError(f"{path}: a shadow has color, offsetX, offsetY, blur and spread.")
    inset = layer.get("inset", False)
    if not isinstance(inset, bool):
        raise InvalidTokenError(f"{path}: a shadow's inset is true or false.")
    offset_x, offset_y, blur, spread = (
        _measure(layer[name], path, _DIMENSION_UNITS)
        for name in ("offsetX", "offsetY", "blur", "spread")
    )
    text = f"{offset_x} {offset_y} {blur} {spread} {color_hex(layer['color'], path)}"
    return f"inset {text}" if inset else text


def _number(value: object, path: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidTokenError(f"{path}: expected a number, not {value!r}.")
    return value


def _fraction(value: object, path: str, field: str) -> int | float:
    number = _number(value, path)
    if not 0 <= number <= 1:
        raise InvalidTokenError(f"{path}: {field} must be between 0 and 1, not {number}.")
    return number


def _number_text(number: float) -> str:
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return repr(number)
