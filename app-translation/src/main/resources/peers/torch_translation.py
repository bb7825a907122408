"""PyTorch reference of SeqLab's default translator's training step, for `seqlab bench`.

Embedding 256 -> bidirectional GRU 256 encoder -> GRU 256 decoder with additive (Bahdanau) attention whose
context is fed into the GRU with the previous token, softmax over [state; context]; dropout 0.3 on the
embeddings and before the softmax; Adam 1e-3, gradients clipped to norm 5. Random token ids of the given
shape. Prints one JSON line: tokens_per_second (target tokens), ms_per_step_median, ms_per_step_p90.
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn


class Translator(nn.Module):
    def __init__(self, source_vocab, target_vocab, emb=256, hidden=256, attention=256, dropout=0.3):
        super().__init__()
        self.source_embedding = nn.Embedding(source_vocab, emb)
        self.target_embedding = nn.Embedding(target_vocab, emb)
        self.encoder = nn.GRU(emb, hidden, batch_first=True, bidirectional=True)
        memory = 2 * hidden
        self.init = nn.Linear(memory, hidden)
        self.query = nn.Linear(hidden, attention, bias=False)
        self.key = nn.Linear(memory, attention)
        self.score = nn.Linear(attention, 1, bias=False)
        self.cell = nn.GRUCell(emb + memory, hidden)
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(hidden + memory, target_vocab)

    def forward(self, source, previous):
        memory, _ = self.encoder(self.dropout(self.source_embedding(source)))   # [B, Ts, 2H]
        keys = self.key(memory)
        state = torch.tanh(self.init(memory.mean(dim=1)))
        tokens = self.dropout(self.target_embedding(previous))                   # [B, Tt, E]
        outputs = []
        for t in range(previous.size(1)):
            scores = self.score(torch.tanh(keys + self.query(state).unsqueeze(1))).squeeze(2)
            alpha = torch.softmax(scores, dim=1)
            context = torch.bmm(alpha.unsqueeze(1), memory).squeeze(1)
            state = self.cell(torch.cat([tokens[:, t], context], dim=1), state)
            outputs.append(torch.cat([state, context], dim=1))
        return self.out(self.dropout(torch.stack(outputs, dim=1)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--iters", type=int, default=10)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--source-steps", type=int, default=20)
    parser.add_argument("--target-steps", type=int, default=20)
    parser.add_argument("--source-vocab", type=int, default=4500)
    parser.add_argument("--target-vocab", type=int, default=4300)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    model = Translator(args.source_vocab, args.target_vocab)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    source = torch.randint(4, args.source_vocab, (args.batch, args.source_steps))
    previous = torch.randint(4, args.target_vocab, (args.batch, args.target_steps))
    labels = torch.randint(4, args.target_vocab, (args.batch, args.target_steps))

    def step():
        optimiser.zero_grad()
        logits = model(source, previous)
        loss = loss_fn(logits.reshape(-1, logits.size(-1)), labels.reshape(-1))
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimiser.step()

    for _ in range(args.warmup):
        step()
    times = []
    for _ in range(args.iters):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    tokens = args.batch * args.target_steps * args.iters
    print(json.dumps({
        "tokens_per_second": tokens / (sum(times) / 1000),
        "ms_per_step_median": statistics.median(times),
        "ms_per_step_p90": times[min(len(times) - 1, int(0.9 * len(times) + 0.5) - 1)],
    }))


if __name__ == "__main__":
    main()
