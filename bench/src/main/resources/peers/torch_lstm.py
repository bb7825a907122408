#!/usr/bin/env python3
"""SeqLab's PyTorch reference for the recurrent-cell rows of `seqlab bench`.

The same network as the Java rows: one-hot input over VOCAB symbols, LAYERS stacked cells of HIDDEN units,
a linear layer to VOCAB logits at every step, cross-entropy against the next symbol, Adam 1e-3. Prints one
JSON line: tokens_per_second and ms_per_step_median (median of the timed steps).

Needs PyTorch: apt-get install python3-torch (run with /usr/bin/python3).
"""
import argparse
import json
import time

import torch

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--cell", choices=["lstm", "gru", "rnn"], default="lstm")
for option, value in (("hidden", 256), ("layers", 2), ("batch", 32), ("seq", 64), ("vocab", 50),
                      ("threads", 2), ("warmup", 3), ("iters", 20)):
    parser.add_argument("--" + option, type=int, default=value)
args = parser.parse_args()

torch.manual_seed(1)
torch.set_num_threads(args.threads)
recurrent = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[args.cell]
rnn = recurrent(args.vocab, args.hidden, num_layers=args.layers, batch_first=True)
head = torch.nn.Linear(args.hidden, args.vocab)
optimiser = torch.optim.Adam(list(rnn.parameters()) + list(head.parameters()), lr=1e-3)

symbols = torch.randint(0, args.vocab, (args.batch, args.seq))
inputs = torch.nn.functional.one_hot(symbols, args.vocab).float()
targets = torch.roll(symbols, shifts=-1, dims=1)


def train_step():
    optimiser.zero_grad()
    logits = head(rnn(inputs)[0])
    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, args.vocab), targets.reshape(-1))
    loss.backward()
    optimiser.step()


for _ in range(args.warmup):
    train_step()
durations = []
for _ in range(args.iters):
    began = time.perf_counter()
    train_step()
    durations.append(time.perf_counter() - began)
median = sorted(durations)[len(durations) // 2]
print(json.dumps({"peer": "pytorch", "version": torch.__version__, "cell": args.cell, "hidden": args.hidden,
                  "layers": args.layers, "batch": args.batch, "seq": args.seq, "vocab": args.vocab,
                  "threads": args.threads, "ms_per_step_median": round(median * 1000, 2),
                  "tokens_per_second": round(args.batch * args.seq / median, 1)}))
