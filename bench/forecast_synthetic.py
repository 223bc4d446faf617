# Stand-in history for bench/forecast.sh until `wfm sample` (data stage)
# lands: five queues of 15-minute Poisson counts growing 34 % a year, with a
# weekly pattern, two intraday peaks per channel, an annual wave and a 5 %
# gamma day factor (overdispersion). Deliberately simple (no holidays, no
# DST): NOT the realistic sample generator. Seeded, so reruns are identical.
# usage: python3 bench/forecast_synthetic.py DAYS > FILE.csv
import datetime
import math
import random
import sys

random.seed(3)

# queue: (contacts per day at the start, morning peak hour, second peak hour)
QUEUES = {'phone': (5000, 10, 15), 'sms': (1500, 11, 16), 'mailbox': (1200, 10, 14),
          'weibo': (1000, 20, 21), 'wechat': (1300, 19, 21)}
WEEKLY = [1.15, 1.05, 1, 1, 0.95, 0.75, 0.6]
START = datetime.datetime(2023, 12, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def poisson(rate):
    """Knuth's method for small rates, the normal approximation above 30."""
    if rate < 30:
        limit, k, p = math.exp(-rate), 0, 1.0
        while True:
            p *= random.random()
            if p < limit:
                return k
            k += 1
    return max(0, int(round(random.gauss(rate, math.sqrt(rate)))))


def main(days):
    print("queue,interval_start,interval_s,offered,answered,abandoned,handle_time_s,wait_time_s")
    for queue, (per_day, peak1, peak2) in QUEUES.items():
        for d in range(days):
            date = START + datetime.timedelta(days=d)
            growth = 1.34 ** (d / 365)
            day_factor = random.gammavariate(400, 1 / 400)
            annual = 1 + 0.1 * math.sin(2 * math.pi * d / 365)
            for slot in range(96):
                hour = (slot + 0.5) / 4
                shape = (0.15 + math.exp(-((hour - peak1) / 1.5) ** 2)
                         + 0.8 * math.exp(-((hour - peak2) / 1.8) ** 2))
                rate = per_day / 96 / 1.3 * growth * WEEKLY[date.weekday()] * shape * day_factor * annual
                offered = poisson(rate)
                abandoned = int(offered * 0.05)
                start = date + datetime.timedelta(minutes=15 * slot)
                print(f"{queue},{start.isoformat()},900,{offered},{offered - abandoned},{abandoned},"
                      f"{(offered - abandoned) * (240 + slot)},{offered * 20}")


if __name__ == "__main__":
    main(int(sys.argv[1]))
