"""VQ tokenizer with the LlamaGen / ARPG layout (same parameter names, same arithmetic).

Differences from the released VQ-16 are sizes only: `ch` (base width), `ch_mult` (one entry per
resolution level; 4 levels = downsampling 8), `z_channels`, the codebook, and `norm_groups`.
The Java tokenizer loads these weights by name, so every module name below matters.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def swish(x):
    return x * torch.sigmoid(x)


def group_norm(channels, groups):
    return nn.GroupNorm(num_groups=groups, num_channels=channels, eps=1e-6, affine=True)


class ResnetBlock(nn.Module):
    def __init__(self, cin, cout, groups):
        super().__init__()
        self.cin, self.cout = cin, cout
        self.norm1 = group_norm(cin, groups)
        self.conv1 = nn.Conv2d(cin, cout, 3, 1, 1)
        self.norm2 = group_norm(cout, groups)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1)
        if cin != cout:
            self.nin_shortcut = nn.Conv2d(cin, cout, 1, 1, 0)

    def forward(self, x):
        h = self.conv1(swish(self.norm1(x)))
        h = self.conv2(swish(self.norm2(h)))
        if self.cin != self.cout:
            x = self.nin_shortcut(x)
        return x + h


class AttnBlock(nn.Module):
    """Single-head self-attention over the h*w positions, 1x1 convolutions for q, k, v and output."""

    def __init__(self, c, groups):
        super().__init__()
        self.norm = group_norm(c, groups)
        self.q = nn.Conv2d(c, c, 1)
        self.k = nn.Conv2d(c, c, 1)
        self.v = nn.Conv2d(c, c, 1)
        self.proj_out = nn.Conv2d(c, c, 1)

    def forward(self, x):
        b, c, h, w = x.shape
        n = self.norm(x)
        q, k, v = (t.flatten(2).transpose(1, 2) for t in (self.q(n), self.k(n), self.v(n)))  # (B, HW, C)
        a = F.scaled_dot_product_attention(q, k, v)  # softmax(q k^T / sqrt(C)) v
        a = a.transpose(1, 2).reshape(b, c, h, w)
        return x + self.proj_out(a)


class Downsample(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, 2, 0)

    def forward(self, x):
        return self.conv(F.pad(x, (0, 1, 0, 1)))  # asymmetric zero padding, right and bottom


class Upsample(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, 1, 1)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))


class Encoder(nn.Module):
    def __init__(self, ch, ch_mult, num_res_blocks, z_channels, groups):
        super().__init__()
        self.num_res_blocks = num_res_blocks
        self.conv_in = nn.Conv2d(3, ch, 3, 1, 1)
        self.conv_blocks = nn.ModuleList()
        cin = ch
        last = len(ch_mult) - 1
        for level, mult in enumerate(ch_mult):
            block = nn.Module()
            block.res = nn.ModuleList()
            block.attn = nn.ModuleList()
            for _ in range(num_res_blocks):
                block.res.append(ResnetBlock(cin, ch * mult, groups))
                cin = ch * mult
                if level == last:
                    block.attn.append(AttnBlock(cin, groups))
            if level != last:
                block.downsample = Downsample(cin)
            self.conv_blocks.append(block)
        self.mid = nn.ModuleList([ResnetBlock(cin, cin, groups), AttnBlock(cin, groups), ResnetBlock(cin, cin, groups)])
        self.norm_out = group_norm(cin, groups)
        self.conv_out = nn.Conv2d(cin, z_channels, 3, 1, 1)

    def forward(self, x):
        h = self.conv_in(x)
        for level, block in enumerate(self.conv_blocks):
            for i in range(self.num_res_blocks):
                h = block.res[i](h)
                if len(block.attn) > 0:
                    h = block.attn[i](h)
            if level != len(self.conv_blocks) - 1:
                h = block.downsample(h)
        for m in self.mid:
            h = m(h)
        return self.conv_out(swish(self.norm_out(h)))


class Decoder(nn.Module):
    def __init__(self, ch, ch_mult, num_res_blocks, z_channels, groups):
        super().__init__()
        self.num_res_blocks = num_res_blocks
        cin = ch * ch_mult[-1]
        self.conv_in = nn.Conv2d(z_channels, cin, 3, 1, 1)
        self.mid = nn.ModuleList([ResnetBlock(cin, cin, groups), AttnBlock(cin, groups), ResnetBlock(cin, cin, groups)])
        self.conv_blocks = nn.ModuleList()
        last = len(ch_mult) - 1
        for level in reversed(range(len(ch_mult))):
            block = nn.Module()
            block.res = nn.ModuleList()
            block.attn = nn.ModuleList()
            for _ in range(num_res_blocks + 1):
                block.res.append(ResnetBlock(cin, ch * ch_mult[level], groups))
                cin = ch * ch_mult[level]
                if level == last:
                    block.attn.append(AttnBlock(cin, groups))
            if level != 0:
                block.upsample = Upsample(cin)
            self.conv_blocks.append(block)
        self.norm_out = group_norm(cin, groups)
        self.conv_out = nn.Conv2d(cin, 3, 3, 1, 1)

    def forward(self, z):
        h = self.conv_in(z)
        for m in self.mid:
            h = m(h)
        for i_block, block in enumerate(self.conv_blocks):
            for i in range(self.num_res_blocks + 1):
                h = block.res[i](h)
                if len(block.attn) > 0:
                    h = block.attn[i](h)
            if i_block != len(self.conv_blocks) - 1:
                h = block.upsample(h)
        return self.conv_out(swish(self.norm_out(h)))


class VectorQuantizer(nn.Module):
    """Nearest codebook entry by cosine (both sides L2-normalised when l2_norm), straight-through gradient."""

    def __init__(self, size, dim, l2_norm, beta=0.25):
        super().__init__()
        self.size, self.dim, self.l2_norm, self.beta = size, dim, l2_norm, beta
        self.embedding = nn.Embedding(size, dim)
        self.embedding.weight.data.uniform_(-1.0 / size, 1.0 / size)
        if l2_norm:
            self.embedding.weight.data = F.normalize(self.embedding.weight.data, p=2, dim=-1)
        # kept for key-layout compatibility with the released checkpoints (a window of recent indices)
        self.register_buffer("codebook_used", torch.zeros(65536))

    def codebook(self):
        w = self.embedding.weight
        w = w.to(torch.promote_types(w.dtype, torch.float32))
        return F.normalize(w, p=2, dim=-1) if self.l2_norm else w

    def forward(self, z):
        """z (B, D, h, w) -> z_q (B, D, h, w) straight-through, (codebook loss, commitment loss), codes (B, h, w)."""
        with torch.autocast(device_type=z.device.type, enabled=False):  # distances in float32
            return self._quantize(z.to(torch.promote_types(z.dtype, torch.float32)))

    def _quantize(self, z):
        b, d, h, w = z.shape
        z = z.permute(0, 2, 3, 1)  # (B, h, w, D)
        if self.l2_norm:
            z = F.normalize(z, p=2, dim=-1)
        e = self.codebook().to(z.dtype)
        flat = z.reshape(-1, d)
        dist = flat.pow(2).sum(1, keepdim=True) + e.pow(2).sum(1) - 2 * flat @ e.t()
        codes = dist.argmin(1)
        z_q = e[codes].view(z.shape)
        vq_loss = torch.mean((z_q - z.detach()) ** 2)
        commit_loss = self.beta * torch.mean((z_q.detach() - z) ** 2)
        z_q = z + (z_q - z).detach()
        return z_q.permute(0, 3, 1, 2), (vq_loss, commit_loss), codes.view(b, h, w), z

    def lookup(self, codes):
        """codes (B, h, w) -> (B, D, h, w)"""
        return self.codebook()[codes].permute(0, 3, 1, 2)


class VQModel(nn.Module):
    def __init__(self, ch, ch_mult, z_channels, codebook_size, codebook_embed_dim, codebook_l2_norm=True,
                 num_res_blocks=2, norm_groups=32):
        super().__init__()
        self.config = dict(ch=ch, ch_mult=list(ch_mult), z_channels=z_channels, codebook_size=codebook_size,
                           codebook_embed_dim=codebook_embed_dim, codebook_l2_norm=codebook_l2_norm,
                           num_res_blocks=num_res_blocks, norm_groups=norm_groups)
        self.encoder = Encoder(ch, ch_mult, num_res_blocks, z_channels, norm_groups)
        self.decoder = Decoder(ch, ch_mult, num_res_blocks, z_channels, norm_groups)
        self.quantize = VectorQuantizer(codebook_size, codebook_embed_dim, codebook_l2_norm)
        self.quant_conv = nn.Conv2d(z_channels, codebook_embed_dim, 1)
        self.post_quant_conv = nn.Conv2d(codebook_embed_dim, z_channels, 1)

    def encode(self, x):
        return self.quantize(self.quant_conv(self.encoder(x)))

    def decode(self, quant):
        return self.decoder(self.post_quant_conv(quant))

    def decode_codes(self, codes):
        return self.decode(self.quantize.lookup(codes))

    def forward(self, x):
        quant, losses, codes, z = self.encode(x)
        return self.decode(quant), losses, codes, z
