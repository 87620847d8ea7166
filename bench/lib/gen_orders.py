#!/usr/bin/python3
"""Writes the benchmark's vendor orders CSV: deterministic, the same bytes on every machine.

Columns (header line first): order_id, customer, email, country, sku, quantity, unit_price, total,
ordered_at, status, note. order_id counts up from --first-id; about one row in four has a note, some
of them quoted with commas and doubled quotes, some with non-ASCII letters; the rest leave it empty
(NULL). On average a row is about 133 bytes, so 1,000,000 rows make about 133 MB.

Only the standard library is used, and only random.Random.getrandbits (whose output is fixed for a
given seed across Python versions), so the file is reproducible byte for byte.

Usage: gen_orders.py --rows N [--first-id K] [--seed S] OUT.csv
       gen_orders.py --bytes B ... OUT.csv   (as many rows as make at least B bytes)
"""

import argparse
import random
import sys

FIRST = ["Anna", "Ben", "Chloé", "David", "Emma", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Katarzyna",
         "Liam", "María", "Noah", "Olivia", "Pavel", "Quinn", "Rosa", "Søren", "Tomás", "Uma", "Victor",
         "Wen", "Xavier", "Yara", "Zoë"]
LAST = ["Adams", "Becker", "Costa", "Dubois", "Evans", "Fischer", "García", "Hansen", "Ivanov", "Jensen",
        "Kowalski", "Lopez", "Müller", "Nakamura", "O'Brien", "Petrov", "Quist", "Rossi", "Schmidt",
        "Tanaka", "Ueda", "Varga", "Wagner", "Xu", "Yilmaz", "Zimmermann"]
ASCII_FIRST = [name.encode("ascii", "ignore").decode().lower() for name in FIRST]
ASCII_LAST = [name.encode("ascii", "ignore").decode().lower().replace("'", "") for name in LAST]
DOMAINS = ["example.com", "example.org", "mail.example.net", "shop.example.co.uk"]
COUNTRIES = ["US", "DE", "FR", "GB", "ES", "IT", "NL", "SE", "PL", "JP", "BR", "CA", "AU", "DK", "CH", "AT"]
SIZES = ["XS", "S", "M", "L", "XL", "XXL", "OS", "10", "12", "14"]
OFFSETS = ["Z", "+01:00", "+02:00", "-05:00"]
INITIALS = ["A", "J", "M", "R"]
STATUSES = ["pending", "paid", "shipped", "delivered", "cancelled", "returned"]
NOTES = [
    "Leave at the door",
    "\"Leave at the door, ring twice\"",
    "\"Gift wrap, please; card says \"\"Happy birthday!\"\"\"",
    "Call before delivery",
    "\"Deliver to reception, 3rd floor\"",
    "Fragile",
    "\"Customer said \"\"urgent\"\"\"",
    "Lieferung an Nachbarn erlaubt",
]


def rows(count, first_id, rng):
    bits = rng.getrandbits
    for order_id in range(first_id, first_id + count):
        r = bits(64)
        first = (r & 31) % 26
        last = ((r >> 5) & 31) % 26
        country = COUNTRIES[(r >> 10) & 15]
        quantity = 1 + ((r >> 14) & 7) + ((r >> 17) & 7)  # 1..15, more small than large
        cents = 50 + (r >> 20) % 99950  # 0.50 .. 999.99
        total = cents * quantity
        sku = "SKU-%05d-%s" % ((r >> 37) % 100000, SIZES[(r >> 54) % 10])
        status = STATUSES[(r >> 58) % 6]
        t = bits(32)
        # 2024-01-01 .. 2024-12-28 at any second, UTC; every day in every month exists up to the 28th.
        ordered_at = "2024-%02d-%02dT%02d:%02d:%02d.%03d%s" % (
            1 + t % 12, 1 + (t >> 4) % 28, (t >> 9) % 24, (t >> 14) % 60, (t >> 20) % 60, r % 1000,
            OFFSETS[(t >> 26) & 3])
        note = NOTES[(r >> 3) & 7] if (t >> 30) == 0 else ""
        customer = "%s %s. %s" % (FIRST[first], INITIALS[(t >> 28) & 3], LAST[last])
        email = "%s.%s%d@%s" % (ASCII_FIRST[first], ASCII_LAST[last], order_id % 9973,
                                DOMAINS[(r >> 61) & 3])
        yield "%d,%s,%s,%s,%s,%d,%d.%02d,%d.%02d,%s,%s,%s\n" % (
            order_id, customer, email, country, sku, quantity, cents // 100, cents % 100,
            total // 100, total % 100, ordered_at, status, note)


HEADER = "order_id,customer,email,country,sku,quantity,unit_price,total,ordered_at,status,note\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--rows", type=int)
    size.add_argument("--bytes", type=int)
    parser.add_argument("--first-id", type=int, default=10000001)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("out")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    written = 0
    count = 0
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        written += len(HEADER)
        limit = args.rows if args.rows is not None else sys.maxsize
        generator = rows(limit, args.first_id, rng)
        batch = []
        for line in generator:
            batch.append(line)
            count += 1
            if len(batch) == 10000:
                text = "".join(batch)
                out.write(text)
                written += len(text.encode("utf-8"))
                batch.clear()
                if args.bytes is not None and written >= args.bytes:
                    break
        if batch:
            text = "".join(batch)
            out.write(text)
            written += len(text.encode("utf-8"))
    print(count)


if __name__ == "__main__":
    main()
