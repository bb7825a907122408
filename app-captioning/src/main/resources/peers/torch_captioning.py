"""PyTorch reference of SeqLab's default captioner training step (seqlab bench, app 'captioning').

The same network as app-captioning's CaptionNetwork with the default options: four blocks of 3x3 convolution
(no bias), batch normalisation, ReLU and 2x2 max pooling (32, 64, 128, 256 channels) on 64x64 RGB images; a
dense ReLU image feature of 256 fed to every decoder step beside a 128-d word embedding; one LSTM of 256; a
softmax over the vocabulary at every step; cross-entropy; Adam(2e-3); float32. Random images and captions.
Prints one JSON line with tokens_per_second (caption steps) and ms_per_step_median.
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn


class Captioner(nn.Module):
    def __init__(self, vocab, image_size, channels=(32, 64, 128, 256), feature=256, embedding=128, hidden=256):
        super().__init__()
        blocks = []
        previous = 3
        for c in channels:
            blocks += [nn.Conv2d(previous, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), nn.ReLU(), nn.MaxPool2d(2)]
            previous = c
        self.cnn = nn.Sequential(*blocks)
        grid = image_size >> len(channels)
        self.feature = nn.Sequential(nn.Flatten(), nn.Linear(previous * grid * grid, feature), nn.ReLU())
        self.embed = nn.Embedding(vocab, embedding)
        self.lstm = nn.LSTM(embedding + feature, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, images, tokens):
        f = self.feature(self.cnn(images))
        steps = tokens.size(1)
        x = torch.cat([self.embed(tokens), f.unsqueeze(1).expand(-1, steps, -1)], dim=2)
        h, _ = self.lstm(x)
        return self.out(h)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=8)
    p.add_argument("--vocab", type=int, default=1400)
    p.add_argument("--image-size", type=int, default=64)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    model = Captioner(a.vocab, a.image_size)
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.CrossEntropyLoss()
    images = torch.rand(a.batch, 3, a.image_size, a.image_size)
    tokens = torch.randint(4, a.vocab, (a.batch, a.steps))
    targets = torch.randint(4, a.vocab, (a.batch, a.steps))

    def step():
        optimiser.zero_grad()
        logits = model(images, tokens)
        loss = loss_fn(logits.reshape(-1, a.vocab), targets.reshape(-1))
        loss.backward()
        optimiser.step()

    model.train()
    for _ in range(a.warmup):
        step()
    times = []
    for _ in range(a.iters):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(json.dumps({"tokens_per_second": a.batch * a.steps / (median / 1000), "ms_per_step_median": median,
                      "threads": a.threads, "batch": a.batch, "steps": a.steps}))


if __name__ == "__main__":
    main()
