"""Extracts the image files of a compiled Qt resource file (.rcc, format versions 1-3) into a folder.

    python3 rcc_extract.py FILE.rcc OUT_DIR

GCompris ships its activities' photos inside such files. The layout (Qt's rcc.cpp): a header
("qres", version, tree, data and names offsets, flags from version 3); a tree of 14-byte nodes
(22 from version 2: a last-modified time follows) holding a name offset, flags (1 zlib, 2
directory, 4 zstd) and either a child count and first child or a data offset; names as a 16-bit
length, a hash and UTF-16 text; data as a 32-bit size and the bytes (zlib data starts with the
uncompressed size). Only .jpg/.jpeg/.png/.webp files are written; sizes are bounded by the file's own.
"""
import os
import struct
import sys
import zlib

IMAGE_SUFFIXES = ('.jpg', '.jpeg', '.png', '.webp')
MAX_FILE = 64 << 20


def extract(path, out_dir):
    with open(path, 'rb') as f:
        blob = f.read(256 << 20)
    if blob[:4] != b'qres':
        raise ValueError(f'{path}: not a Qt resource file (no "qres" header)')
    version, tree, data, names = struct.unpack('>IIII', blob[4:20])
    if not 1 <= version <= 3:
        raise ValueError(f'{path}: unsupported rcc version {version}')
    node_size = 14 if version == 1 else 22

    def name(node):
        at = names + struct.unpack('>I', blob[tree + node * node_size:][:4])[0]
        length = struct.unpack('>H', blob[at:at + 2])[0]
        return blob[at + 6:at + 6 + 2 * length].decode('utf-16-be')

    written = 0

    def walk(node, prefix, depth):
        nonlocal written
        if depth > 32:
            raise ValueError(f'{path}: resource tree deeper than 32')
        at = tree + node * node_size
        flags = struct.unpack('>H', blob[at + 4:at + 6])[0]
        if flags & 2:
            count, first = struct.unpack('>II', blob[at + 6:at + 14])
            for child in range(first, first + count):
                walk(child, os.path.join(prefix, name(child)), depth + 1)
            return
        if not prefix.lower().endswith(IMAGE_SUFFIXES):
            return
        offset = data + struct.unpack('>I', blob[at + 10:at + 14])[0]
        size = struct.unpack('>I', blob[offset:offset + 4])[0]
        if size > MAX_FILE or offset + 4 + size > len(blob):
            raise ValueError(f'{path}: entry {prefix!r} runs past the file')
        payload = blob[offset + 4:offset + 4 + size]
        if flags & 4:
            return  # zstd: images are stored uncompressed in practice
        if flags & 1:
            payload = zlib.decompress(payload[4:])
        target = os.path.join(out_dir, prefix.lstrip('/'))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, 'wb') as out:
            out.write(payload)
        written += 1

    walk(0, '', 0)
    return written


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: rcc_extract.py FILE.rcc OUT_DIR')
    print(f'{sys.argv[1]}: {extract(sys.argv[1], sys.argv[2])} images')
