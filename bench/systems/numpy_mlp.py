# The book's three-layer network in NumPy, for bench/run.mjs: forward (sigmoid hidden layer, softmax
# output), backpropagation of the cross-entropy loss, plain SGD on mini-batches. Prints one line
# "BENCH_RESULT {json}". Job (JSON in argv[1]): hidden, epochs, rows, batchSize, learningRate, seed, dtype, and
# stream: 'platypus' to start from Platypus's initial weights and visit its batch order (platypus_rng.py),
# else NumPy's own generator.
import gzip, json, os, resource, sys, time
import numpy as np
from platypus_rng import book_network_stream

DATA = '/usr/share/datasets/fashion-mnist'


def idx(name):
    with gzip.open(os.path.join(DATA, name), 'rb') as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape[0], -1)


def blas_threads():
    try:
        from threadpoolctl import threadpool_info
        return {'source': 'threadpoolctl', 'pools': [{k: p.get(k) for k in ('internal_api', 'num_threads', 'version')} for p in threadpool_info()]}
    except ImportError:
        pass
    try:  # NumPy's bundled scipy-openblas answers directly
        import ctypes, glob
        lib = ctypes.CDLL(glob.glob(os.path.join(os.path.dirname(np.__file__), '..', 'numpy.libs', '*openblas*.so'))[0])
        core = lib.scipy_openblas_get_corename64_
        core.restype = ctypes.c_char_p
        return {'source': 'openblas_get_num_threads (threadpoolctl not installed)',
                'num_threads': lib.scipy_openblas_get_num_threads64_(), 'core': core().decode()}
    except Exception as e:  # noqa: BLE001
        return {'source': f'unknown ({e})'}


def main():
    job = json.loads(sys.argv[1])
    dt = np.float32 if job['dtype'] == 'float32' else np.float64
    xtr, ytr = idx('train-images-idx3-ubyte.gz'), idx('train-labels-idx1-ubyte.gz').ravel()
    xte, yte = idx('t10k-images-idx3-ubyte.gz'), idx('t10k-labels-idx1-ubyte.gz').ravel()
    rows = min(job['rows'], len(xtr))
    xtr, ytr = xtr[:rows], ytr[:rows]
    # Platypus's standardize: per-pixel mean and std of the training rows, std < 1e-8 counts as 1.
    # In blocks of rows, so the statistics do not hold a float64 copy of the whole set (peak memory).
    total, squares = np.zeros(xtr.shape[1]), np.zeros(xtr.shape[1])
    for start in range(0, rows, 5000):
        block = xtr[start:start + 5000].astype(np.float64)
        total += block.sum(axis=0)
        squares += (block * block).sum(axis=0)
    mean = total / rows
    std = np.sqrt(np.maximum(0, squares / rows - mean * mean))
    shift, factor = mean.astype(dt), (1 / np.where(std < 1e-8, 1, std)).astype(dt)
    classes = 10
    eye = np.eye(classes, dtype=dt)

    n_in, n_hid = xtr.shape[1], job['hidden']
    if job.get('stream') == 'platypus':
        # Platypus's own draws (platypus_rng.py): the same initial weights and batches as the Platypus run.
        w1, w2, orders = book_network_stream(job['seed'], n_in, n_hid, classes, rows, job['epochs'])
        w1 = np.frombuffer(w1, np.float64).reshape(n_in, n_hid).astype(np.float32).astype(dt)  # Platypus keeps weights in float32
        w2 = np.frombuffer(w2, np.float64).reshape(n_hid, classes).astype(np.float32).astype(dt)
        orders = [np.frombuffer(o, np.int32) for o in orders]
    else:
        rng = np.random.default_rng(job['seed'])
        w1 = (rng.standard_normal((n_in, n_hid)) * np.sqrt(1 / n_in)).astype(dt)
        w2 = (rng.standard_normal((n_hid, classes)) * np.sqrt(1 / n_hid)).astype(dt)
        orders = None
    b1 = np.zeros(n_hid, dt)
    b2 = np.zeros(classes, dt)
    lr, bs = dt(job['learningRate']), job['batchSize']

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def softmax(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    epoch_seconds = []
    for epoch in range(job['epochs']):
        t0 = time.perf_counter()
        order = orders[epoch] if orders is not None else rng.permutation(rows)
        for start in range(0, rows, bs):
            batch = order[start:start + bs]
            x = (xtr[batch].astype(dt) - shift) * factor   # standardized batch by batch, as Platypus does
            y = eye[ytr[batch]]
            h = sigmoid(x @ w1 + b1)                       # forward
            y_hat = softmax(h @ w2 + b2)
            d2 = (y_hat - y) / len(batch)                  # backprop: d(cross-entropy)/d(logits)
            d1 = (d2 @ w2.T) * h * (1 - h)
            w2 -= lr * (h.T @ d2)                          # plain SGD
            b2 -= lr * d2.sum(axis=0)
            w1 -= lr * (x.T @ d1)
            b1 -= lr * d1.sum(axis=0)
        epoch_seconds.append(time.perf_counter() - t0)

    xt = (xte.astype(dt) - shift) * factor
    accuracy = float((np.argmax(sigmoid(xt @ w1 + b1) @ w2 + b2, axis=1) == yte).mean())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print('BENCH_RESULT ' + json.dumps({
        'rows': rows, 'epochSeconds': epoch_seconds, 'testAccuracy': accuracy, 'peakRssMiB': peak,
        'detail': f'NumPy {np.__version__}, {job["dtype"]}', 'threads': blas_threads(),
        'env': {k: os.environ.get(k) for k in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE')},
    }), flush=True)


if __name__ == '__main__':
    try:
        main()
    except Exception as e:  # noqa: BLE001
        print('BENCH_RESULT ' + json.dumps({'error': f'{type(e).__name__}: {e}'}), flush=True)
        sys.exit(1)
