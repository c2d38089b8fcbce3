#!/usr/bin/env python3
"""One timed fit of implicit's CPU ALS on one thread, with guardrank's shipped ALS settings
(ModelStoreDefaults: 32 factors, λ 16, confidence scale 10, 15 iterations, 3 CG steps)."""
import csv, sys, time
import numpy as np, scipy.sparse as sp, threadpoolctl
from implicit.cpu.als import AlternatingLeastSquares

rows = list(csv.DictReader(open(sys.argv[1] + "/ratings.csv")))
users, items = {}, {}
for r in rows:
    users.setdefault(r["userId"], len(users)); items.setdefault(r["movieId"], len(items))
matrix = sp.csr_matrix((np.ones(len(rows), dtype=np.float32),
                        ([users[r["userId"]] for r in rows], [items[r["movieId"]] for r in rows])),
                       shape=(len(users), len(items)))
model = AlternatingLeastSquares(factors=32, regularization=16, alpha=10.0, iterations=15, use_cg=True,
                                random_state=7, num_threads=1, calculate_training_loss=False)
with threadpoolctl.threadpool_limits(1):
    start = time.perf_counter(); model.fit(matrix, show_progress=False); elapsed = time.perf_counter() - start
print("implicit ALS one thread: %.3f s" % elapsed)
