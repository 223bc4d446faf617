#!/usr/bin/python3
"""The peer of bench/simulate_bench: the same system in SimPy 3 (Debian's
python3-simpy3), read from a `wfm simulate` input file (docs/simulation.md).

Per queue: Poisson arrivals at a rate constant within each interval, FIFO,
exponential handle times and patience, seats[i] agents in interval i. Seats
are a PriorityResource with the largest seat count; at each boundary a
blocker process holds the seats that are closed, with a higher priority
than callers, so an agent on a call finishes it before the seat closes
(the same rule as models/wfm_simulate.c).

Usage: simulate_peer_simpy.py INPUT.json [replications]
Prints seconds per replication and the answer rate per queue."""
import json
import random
import sys
import time

import simpy


def replicate_queue(queue, interval_s, rng):
    env = simpy.Environment()
    seats = queue["seats"]
    n = len(seats)
    offered = queue["offered"]
    if not isinstance(offered, list):
        offered = [offered] * n
    aht = queue["aht_s"]
    if not isinstance(aht, list):
        aht = [aht] * n
    patience = queue.get("patience_s", 0)
    most = max(max(seats), 1)
    agents = simpy.PriorityResource(env, capacity=most)
    counts = {"offered": 0, "answered": 0}

    def caller(interval):
        counts["offered"] += 1
        handle = rng.expovariate(1.0 / aht[interval])
        request = agents.request(priority=1)
        if patience > 0:
            yield request | env.timeout(rng.expovariate(1.0 / patience))
        else:
            yield request
        if not request.triggered:
            request.cancel()
            return
        counts["answered"] += 1
        yield env.timeout(handle)
        agents.release(request)

    def arrivals():
        for i in range(n):
            end = (i + 1) * interval_s
            rate = offered[i] / interval_s
            while rate > 0:
                gap = rng.expovariate(rate)
                if env.now + gap >= end:
                    break
                yield env.timeout(gap)
                env.process(caller(i))
            yield env.timeout(end - env.now)

    def seat_keeper():
        held = []
        for i in range(n):
            closed = most - seats[i]
            while len(held) < closed:
                held.append(agents.request(priority=0))
            while len(held) > closed:
                request = held.pop()
                if request.triggered:
                    agents.release(request)
                else:
                    request.cancel()
            if i + 1 < n:
                yield env.timeout(interval_s)

    env.process(arrivals())
    env.process(seat_keeper())
    env.run()
    return counts


def main():
    spec = json.load(open(sys.argv[1]))
    replications = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    interval_s = spec.get("interval_s", 900)
    rng = random.Random(1)
    rates = {q["name"]: [] for q in spec["queues"]}
    started = time.perf_counter()
    for _ in range(replications):
        for queue in spec["queues"]:
            c = replicate_queue(queue, interval_s, rng)
            rates[queue["name"]].append(c["answered"] / max(c["offered"], 1))
    elapsed = time.perf_counter() - started
    print("peer: SimPy %s, %.3f s in all, %.1f ms per replication"
          % (simpy.__version__, elapsed, 1e3 * elapsed / replications))
    for name, values in rates.items():
        print("  %-8s answer rate %.4f (mean of %d)" % (name, sum(values) / len(values), len(values)))
    return elapsed / replications


if __name__ == "__main__":
    main()
