"""ARPG transformer with the layout and arithmetic of the released models (hp-l33/ARPG models/arpg.py):
a two-pass decoder (self-attention layers over the known tokens, then cross-attention layers whose
queries are mask tokens carrying the RoPE of the positions to predict), 2D RoPE, class tokens.

Token ids: [0, V) image codes, V the mask token, V+1+c class c, V+C+1 the "no class" token used
for guidance, V+C+2 a spare token (kept so the embedding has the released shape).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def find_multiple(n, k):
    return n if n % k == 0 else n + k - n % k


def ffn_hidden_dim(dim, multiple_of):
    return find_multiple(int(2 * (4 * dim) / 3), multiple_of)


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        xf = x.float()
        return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)).type_as(x) * self.weight


class FeedForward(nn.Module):
    def __init__(self, dim, multiple_of, dropout):
        super().__init__()
        hidden = ffn_hidden_dim(dim, multiple_of)
        self.w1 = nn.Linear(dim, hidden, bias=False)
        self.w3 = nn.Linear(dim, hidden, bias=False)
        self.w2 = nn.Linear(hidden, dim, bias=False)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        return self.drop(self.w2(F.silu(self.w1(x)) * self.w3(x)))


def rope_2d(grid, head_dim, base, cls_token_num):
    """(cls_token_num + grid*grid, head_dim/2, 2) table of (cos, sin); class-token rows are zero.
    The first half of each head's rotated pairs encodes the row, the second half the column."""
    half = head_dim // 2
    freqs = 1.0 / (base ** (torch.arange(0, half, 2)[: half // 2].float() / half))
    t = torch.arange(grid).float()
    f = torch.outer(t, freqs)  # (grid, half/2)
    f = torch.cat([f[:, None, :].expand(-1, grid, -1), f[None, :, :].expand(grid, -1, -1)], dim=-1)  # (grid, grid, half)
    table = torch.stack([torch.cos(f), torch.sin(f)], dim=-1).flatten(0, 1)  # (grid*grid, half, 2)
    return torch.cat([torch.zeros(cls_token_num, half, 2), table])


def apply_rope(x, freqs):
    """x (B, T, H, D), freqs (B or 1, T, D/2, 2): rotate consecutive pairs (x0, x1)."""
    xs = x.float().reshape(*x.shape[:-1], -1, 2)
    f = freqs.view(-1, xs.size(1), 1, xs.size(3), 2)
    out = torch.stack([xs[..., 0] * f[..., 0] - xs[..., 1] * f[..., 1],
                       xs[..., 1] * f[..., 0] + xs[..., 0] * f[..., 1]], dim=-1)
    return out.flatten(3).type_as(x)


class KVCache:
    """Per-generation key/value store (concatenated along the sequence axis)."""

    def __init__(self):
        self.k = None
        self.v = None

    def extend(self, k, v, dim):
        if self.k is not None:
            k = torch.cat([self.k, k], dim=dim)
            v = torch.cat([self.v, v], dim=dim)
        self.k, self.v = k, v
        return k, v


class SelfAttention(nn.Module):
    def __init__(self, dim, n_head, dropout):
        super().__init__()
        self.n_head = n_head
        self.to_q = nn.Linear(dim, dim, bias=False)
        self.to_k = nn.Linear(dim, dim, bias=False)
        self.to_v = nn.Linear(dim, dim, bias=False)
        self.proj = nn.Linear(dim, dim, bias=False)
        self.drop = nn.Dropout(dropout)
        self.causal_prefill = False  # set while the known tokens of an inpainting are fed in one causal chunk

    def forward(self, x, freqs, cache=None):
        b, t, d = x.shape
        q, k, v = (m(x).view(b, t, self.n_head, d // self.n_head) for m in (self.to_q, self.to_k, self.to_v))
        q, k = apply_rope(q, freqs), apply_rope(k, freqs)
        q, k, v = (z.transpose(1, 2) for z in (q, k, v))  # (B, H, T, D)
        if cache is not None:
            k, v = cache.extend(k, v, dim=2)
        # causal while training (teacher forcing); at inference the new tokens see the cache and each other
        o = F.scaled_dot_product_attention(q, k, v, is_causal=self.training or self.causal_prefill)
        return self.drop(self.proj(o.transpose(1, 2).reshape(b, t, d)))


class CrossAttention(nn.Module):
    def __init__(self, dim, n_head, dropout):
        super().__init__()
        self.n_head = n_head
        self.to_q = nn.Linear(dim, dim, bias=False)
        self.proj = nn.Linear(dim, dim, bias=False)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, k, v, freqs):
        b, t, d = x.shape
        q = self.to_q(x).view(b, t, self.n_head, d // self.n_head)
        q = apply_rope(q, freqs[:, -t:])  # target-aware: each query carries the position it predicts
        q, k, v = (z.transpose(1, 2) for z in (q, k, v))
        o = F.scaled_dot_product_attention(q, k, v, is_causal=self.training)
        return self.drop(self.proj(o.transpose(1, 2).reshape(b, t, d)))


class SelfDecoder(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.attn = SelfAttention(a.dim, a.n_head, a.resid_dropout)
        self.ffn = FeedForward(a.dim, a.multiple_of, a.ffn_dropout)
        self.attn_norm = RMSNorm(a.dim, a.norm_eps)
        self.ffn_norm = RMSNorm(a.dim, a.norm_eps)

    def forward(self, x, freqs, cache=None):
        h = x + self.attn(self.attn_norm(x), freqs[:, : x.shape[1]], cache)
        return h + self.ffn(self.ffn_norm(h))


class CrossDecoder(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.attn = CrossAttention(a.dim, a.n_head, a.resid_dropout)
        self.ffn = FeedForward(a.dim, a.multiple_of, a.ffn_dropout)
        self.attn_norm = RMSNorm(a.dim, a.norm_eps)
        self.ffn_norm = RMSNorm(a.dim, a.norm_eps)

    def forward(self, x, k, v, freqs):
        h = x + self.attn(self.attn_norm(x), k, v, freqs)
        return h + self.ffn(self.ffn_norm(h))


class TwoPassDecoder(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.n_head = a.n_head
        self.self_dec = nn.ModuleList([SelfDecoder(a) for _ in range(a.n_layer // 2)])
        self.cross_dec = nn.ModuleList([CrossDecoder(a) for _ in range(a.n_layer // 2)])
        self.norm = RMSNorm(a.dim, a.norm_eps)
        self.to_k = nn.Linear(a.dim, a.dim, bias=False)
        self.to_v = nn.Linear(a.dim, a.dim, bias=False)

    def forward(self, x, queries, freqs, caches=None):
        for i, layer in enumerate(self.self_dec):
            x = layer(x, freqs, None if caches is None else caches[i])
        xn = self.norm(x)
        b, t, d = xn.shape
        k = self.to_k(xn).view(b, t, self.n_head, d // self.n_head)
        v = self.to_v(xn).view(b, t, self.n_head, d // self.n_head)
        k = apply_rope(k, freqs[:, :t])
        if caches is not None:
            k, v = caches[-1].extend(k, v, dim=1)
        for layer in self.cross_dec:
            queries = layer(queries, k, v, freqs)
        return queries


class Args:
    def __init__(self, dim, n_layer, n_head, vocab_size, num_classes, block_size=256, cls_token_num=1,
                 rope_base=10000, norm_eps=1e-5, multiple_of=256, token_dropout=0.1, resid_dropout=0.1,
                 ffn_dropout=0.1, class_dropout=0.1):
        self.__dict__.update(locals())
        del self.__dict__["self"]

    def config(self):
        keys = ["dim", "n_layer", "n_head", "vocab_size", "num_classes", "block_size", "cls_token_num",
                "rope_base", "norm_eps", "multiple_of"]
        return {k: getattr(self, k) for k in keys}


class ARPG(nn.Module):
    def __init__(self, a: Args):
        super().__init__()
        self.a = a
        self.embeddings = nn.Embedding(a.vocab_size + 1 + a.num_classes + 1 + 1, a.dim)
        self.embed_drop = nn.Dropout(a.token_dropout)
        self.mask_token_id = a.vocab_size
        self.none_conds_id = a.vocab_size + a.num_classes + 1
        self.layers = TwoPassDecoder(a)
        self.norm = RMSNorm(a.dim, a.norm_eps)
        self.head = nn.Linear(a.dim, a.vocab_size, bias=False)
        self.grid = int(math.isqrt(a.block_size))
        self.register_buffer("freqs_cis", rope_2d(self.grid, a.dim // a.n_head, a.rope_base, a.cls_token_num),
                             persistent=False)
        self.apply(self._init)
        nn.init.zeros_(self.head.weight)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            m.weight.data.normal_(0.0, 0.02)

    def condition_tokens(self, classes, drop_prob=0.0):
        cond = classes + self.a.vocab_size + 1
        drop = torch.rand(classes.shape, device=classes.device) < drop_prob
        return torch.where(drop, torch.full_like(cond, self.none_conds_id), cond).unsqueeze(-1)  # (B, 1)

    def forward_shared(self, input_ids, freqs, num_query=None, caches=None):
        x = self.embed_drop(self.embeddings(input_ids))
        nq = input_ids.shape[1] if num_query is None else num_query
        queries = self.embeddings(torch.full((input_ids.shape[0], nq), self.mask_token_id, device=input_ids.device))
        return self.head(self.norm(self.layers(x, queries, freqs, caches))).float()

    def forward(self, codes, classes, orders=None, uncond=False):
        """Random-order teacher forcing. codes (B, L) raster order -> logits (B, L, V) and targets (B, L),
        both in the random order: logits[:, i] predicts codes[orders[:, i]] from the class and tokens < i."""
        b, n = codes.shape
        if orders is None:
            orders = torch.rand(b, n, device=codes.device).argsort(dim=1)
        drop = 1.0 if uncond else self.a.class_dropout if self.training else 0.0
        cond = self.condition_tokens(classes, drop)
        shuffled = torch.gather(codes, 1, orders)
        f = self.freqs_cis.unsqueeze(0).expand(b, -1, -1, -1)
        nc = self.a.cls_token_num
        pos = torch.gather(f[:, nc:], 1, orders[:, :, None, None].expand(-1, -1, *f.shape[2:]))
        freqs = torch.cat([f[:, :nc], pos], dim=1)
        logits = self.forward_shared(torch.cat([cond, shuffled[:, :-1]], dim=1), freqs)
        return logits, shuffled
