#!/usr/bin/env python3
"""PyTorch reference of SeqLab's default char-rnn training step (app-textgen).

One-hot input of 84 symbols -> 2 x GRU 256 (dropout 0.2 between the layers and before the output) -> linear
-> cross-entropy at every step; 32 contiguous streams x 100 steps (truncated BPTT, the hidden state carried
from one window to the next and detached), Adam 2e-3, gradient norm clipped to 5. Prints one JSON line:
tokens_per_second (characters predicted per second of training), ms_per_step_median, ms_per_step_p90.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn


class CharRnn(nn.Module):
    def __init__(self, vocabulary, hidden, layers, dropout, cell):
        super().__init__()
        rnn = nn.GRU if cell == "gru" else nn.LSTM
        self.rnn = rnn(vocabulary, hidden, num_layers=layers, dropout=dropout, batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, vocabulary)

    def forward(self, x, state):
        y, state = self.rnn(x, state)
        return self.out(self.drop(y)), state


def detach(state):
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--iters", type=int, default=20)
    parser.add_argument("--vocabulary", type=int, default=84)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--streams", type=int, default=32)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--cell", choices=["gru", "lstm"], default="gru")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = CharRnn(args.vocabulary, args.hidden, args.layers, 0.2, args.cell)
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.CrossEntropyLoss()
    text = torch.randint(args.vocabulary, (args.streams, args.steps * 4 + 1))
    windows = []
    for w in range(4):
        ids = text[:, w * args.steps:(w + 1) * args.steps]
        x = torch.nn.functional.one_hot(ids, args.vocabulary).float()
        y = text[:, w * args.steps + 1:(w + 1) * args.steps + 1]
        windows.append((x, y))
    state = None
    times = []
    for i in range(args.warmup + args.iters):
        x, y = windows[i % len(windows)]
        start = time.perf_counter()
        logits, state = model(x, state)
        state = detach(state)
        loss = loss_fn(logits.reshape(-1, args.vocabulary), y.reshape(-1))
        optimiser.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimiser.step()
        if i >= args.warmup:
            times.append(time.perf_counter() - start)
    ms = sorted(t * 1000 for t in times)
    print(json.dumps({
        "tokens_per_second": args.iters * args.streams * args.steps / sum(times),
        "ms_per_step_median": statistics.median(ms),
        "ms_per_step_p90": ms[min(len(ms) - 1, int(len(ms) * 0.9 + 0.999) - 1)],
        "threads": args.threads,
        "shape": f"one-hot {args.vocabulary}, {args.layers} x {args.cell} {args.hidden}, "
                 f"{args.streams} x {args.steps}",
    }))


if __name__ == "__main__":
    main()
