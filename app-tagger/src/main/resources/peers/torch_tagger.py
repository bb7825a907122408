#!/usr/bin/env python3
"""PyTorch reference of SeqLab's tagger training step (app-tagger TaggerBenchmark), same network and shape:
word embedding 100 over 25,000 trained words plus frozen vectors of 320,000 pretrained words + character CNN (embedding 25, 50 filters of width 3, max over the word)
+ case embedding 4 -> BiLSTM 128 -> linear to 12 tags, softmax cross-entropy over real tokens; Adam 2e-3,
gradients clipped to norm 5; batches of 32 sentences of 25 tokens, words of at most 16 (+2 padding) characters.
Prints one JSON line: tokens_per_second (tagged tokens), ms_per_step_median, ms_per_step_p90."""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn

BATCH, TOKENS, TRAINED, PRETRAINED, TAGS = 32, 25, 25_000, 320_000, 12
CHARS, SLOT, SHAPES = 80, 18, 6


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.words = nn.Embedding(TRAINED, 100, padding_idx=0)
        self.pretrained = nn.Embedding(PRETRAINED, 100, padding_idx=0)
        self.pretrained.weight.requires_grad_(False)
        self.chars = nn.Embedding(CHARS, 25, padding_idx=0)
        self.conv = nn.Conv1d(25, 50, kernel_size=3, padding=1)
        self.shapes = nn.Embedding(SHAPES, 4, padding_idx=0)
        self.dropout = nn.Dropout(0.25)
        self.lstm = nn.LSTM(100 + 50 + 4, 128, batch_first=True, bidirectional=True)
        self.out = nn.Linear(256, TAGS)

    def forward(self, words, pretrained, chars, shapes, lengths):
        b, t = words.shape
        c = self.chars(chars.view(b * t, SLOT)).transpose(1, 2)          # [b*t, 25, slot]
        c = torch.tanh(self.conv(c)).max(dim=2).values.view(b, t, 50)    # one vector per word
        x = self.dropout(torch.cat([self.words(words) + self.pretrained(pretrained), c, self.shapes(shapes)], dim=2))
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
        return self.out(self.dropout(h))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--iters", type=int, default=20)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = Tagger()
    optimiser = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=2e-3)
    loss_fn = nn.CrossEntropyLoss(ignore_index=-1)
    # as the Java shape draws from all 345,000 words: 93 % of the tokens are pretrained words beyond training
    unseen = torch.rand(BATCH, TOKENS) < PRETRAINED / (TRAINED + PRETRAINED)
    words = torch.where(unseen, torch.ones(BATCH, TOKENS, dtype=torch.long), torch.randint(4, TRAINED, (BATCH, TOKENS)))
    pretrained = torch.where(unseen, torch.randint(4, PRETRAINED, (BATCH, TOKENS)), torch.zeros(BATCH, TOKENS, dtype=torch.long))
    chars = torch.randint(1, CHARS, (BATCH, TOKENS, SLOT))
    chars[:, :, 0] = 0
    chars[:, :, 12:] = 0
    shapes = torch.randint(1, SHAPES, (BATCH, TOKENS))
    tags = torch.randint(0, TAGS, (BATCH, TOKENS))
    lengths = torch.full((BATCH,), TOKENS, dtype=torch.long)
    times = []
    for step in range(args.warmup + args.iters):
        start = time.perf_counter()
        optimiser.zero_grad()
        logits = model(words, pretrained, chars, shapes, lengths)
        loss = loss_fn(logits.reshape(-1, TAGS), tags.reshape(-1))
        loss.backward()
        nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 5.0)
        optimiser.step()
        if step >= args.warmup:
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    median = statistics.median(times)
    print(json.dumps({"tokens_per_second": BATCH * TOKENS / (median / 1000), "ms_per_step_median": median,
                      "ms_per_step_p90": times[min(len(times) - 1, int(len(times) * 0.9))]}))


if __name__ == "__main__":
    main()
