"""Reading a text file a user hands to Studio (a Markdown article, later a CSV): UTF-8 or a clear
refusal, never a half-read file or a decoding traceback."""

from __future__ import annotations

from pathlib import Path

#: Larger files are refused before they are read whole.
MAX_BYTES = 20 * 1024 * 1024


class TextFileError(Exception):
    """The file cannot be used as text; ``str()`` says why, for the user."""

    for_the_user = True


def read_text(source: Path | bytes, what: str = "file") -> str:
    """The text of ``source`` (a path, or bytes already read), decoded as UTF-8 (a BOM is
    dropped, line ends become ``\\n``)."""
    name = source.name if isinstance(source, Path) else "the input"
    if isinstance(source, Path):
        try:
            if source.stat().st_size > MAX_BYTES:
                raise TextFileError(f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB.")
            data = source.read_bytes()
        except FileNotFoundError:
            raise TextFileError(f"There is no {what} at {source}.") from None
        except IsADirectoryError:
            raise TextFileError(f"{source} is a folder, not a {what}.") from None
        except OSError as exc:
            raise TextFileError(f"{name} cannot be read: {exc.strerror or exc}.") from None
    else:
        data = source
        if len(data) > MAX_BYTES:
            raise TextFileError(f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    if b"\0" in data[:8192]:
        raise TextFileError(f"{name} is not a text file (it holds binary data).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TextFileError(
            f"{name} is not UTF-8 text (a byte on line {line} is not valid UTF-8); save it as "
            "UTF-8 and try again."
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
