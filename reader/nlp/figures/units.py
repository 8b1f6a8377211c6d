"""Units: currencies (ISO 4217 codes), percentages, durations and physical units.

Each table maps the written form (lower case, inner spaces collapsed) to the normalised
unit. Currency words may be preceded by a nationality ("Canadian dollars" -> CAD).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# currency symbols and prefixes written before the number
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "c$": "CAD",
    "ca$": "CAD",
    "a$": "AUD",
    "au$": "AUD",
    "nz$": "NZD",
    "hk$": "HKD",
    "s$": "SGD",
    "r$": "BRL",
    "mex$": "MXN",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "₺": "TRY",
    "₪": "ILS",
    "₦": "NGN",
    "₴": "UAH",
}

# ISO codes accepted before or after a number ("USD 5 million", "300 EUR")
ISO_CODES = {
    "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "CAD", "AUD", "NZD", "CHF", "RUB", "BRL", "MXN",
    "KRW", "HKD", "SGD", "SEK", "NOK", "DKK", "PLN", "TRY", "ZAR", "SAR", "AED", "ILS", "IRR", "EGP",
}  # fmt: skip

# currency words after the number (singular and plural) -> ISO code and factor
CURRENCY_WORDS: dict[str, tuple[str, float]] = {
    "dollar": ("USD", 1.0),
    "dollars": ("USD", 1.0),
    "buck": ("USD", 1.0),
    "bucks": ("USD", 1.0),
    "cent": ("USD", 0.01),
    "cents": ("USD", 0.01),
    "euro": ("EUR", 1.0),
    "euros": ("EUR", 1.0),
    "eurocents": ("EUR", 0.01),
    "pound": ("GBP", 1.0),
    "pounds": ("GBP", 1.0),
    "sterling": ("GBP", 1.0),
    "pence": ("GBP", 0.01),
    "yen": ("JPY", 1.0),
    "yuan": ("CNY", 1.0),
    "renminbi": ("CNY", 1.0),
    "rupee": ("INR", 1.0),
    "rupees": ("INR", 1.0),
    "rouble": ("RUB", 1.0),
    "roubles": ("RUB", 1.0),
    "ruble": ("RUB", 1.0),
    "rubles": ("RUB", 1.0),
    "peso": ("MXN", 1.0),
    "pesos": ("MXN", 1.0),
    "franc": ("CHF", 1.0),
    "francs": ("CHF", 1.0),
    "riyal": ("SAR", 1.0),
    "riyals": ("SAR", 1.0),
    "rial": ("IRR", 1.0),
    "rials": ("IRR", 1.0),
    "lira": ("TRY", 1.0),
    "liras": ("TRY", 1.0),
    "lire": ("TRY", 1.0),
    "shekel": ("ILS", 1.0),
    "shekels": ("ILS", 1.0),
    "rand": ("ZAR", 1.0),
    "naira": ("NGN", 1.0),
    "dirham": ("AED", 1.0),
    "dirhams": ("AED", 1.0),
    "won": ("KRW", 1.0),
    "baht": ("THB", 1.0),
    "zloty": ("PLN", 1.0),
    "zlotys": ("PLN", 1.0),
    "hryvnia": ("UAH", 1.0),
    "hryvnias": ("UAH", 1.0),
    "bitcoin": ("BTC", 1.0),
    "bitcoins": ("BTC", 1.0),
}

# a nationality before "dollars" / "pesos" / "dinars" / "pounds" changes the code
NATIONAL: dict[tuple[str, str], str] = {
    ("canadian", "dollar"): "CAD",
    ("australian", "dollar"): "AUD",
    ("new zealand", "dollar"): "NZD",
    ("hong kong", "dollar"): "HKD",
    ("singapore", "dollar"): "SGD",
    ("taiwan", "dollar"): "TWD",
    ("taiwanese", "dollar"): "TWD",
    ("zimbabwean", "dollar"): "ZWL",
    ("us", "dollar"): "USD",
    ("u.s.", "dollar"): "USD",
    ("american", "dollar"): "USD",
    ("argentine", "peso"): "ARS",
    ("colombian", "peso"): "COP",
    ("chilean", "peso"): "CLP",
    ("philippine", "peso"): "PHP",
    ("cuban", "peso"): "CUP",
    ("mexican", "peso"): "MXN",
    ("egyptian", "pound"): "EGP",
    ("lebanese", "pound"): "LBP",
    ("syrian", "pound"): "SYP",
    ("sudanese", "pound"): "SDG",
    ("british", "pound"): "GBP",
    ("iraqi", "dinar"): "IQD",
    ("kuwaiti", "dinar"): "KWD",
    ("jordanian", "dinar"): "JOD",
    ("libyan", "dinar"): "LYD",
    ("algerian", "dinar"): "DZD",
    ("tunisian", "dinar"): "TND",
    ("pakistani", "rupee"): "PKR",
    ("indian", "rupee"): "INR",
    ("swiss", "franc"): "CHF",
    ("swedish", "krona"): "SEK",
    ("norwegian", "krone"): "NOK",
    ("danish", "krone"): "DKK",
    ("brazilian", "real"): "BRL",
    ("saudi", "riyal"): "SAR",
    ("qatari", "riyal"): "QAR",
    ("iranian", "rial"): "IRR",
    ("turkish", "lira"): "TRY",
    ("chinese", "yuan"): "CNY",
    ("japanese", "yen"): "JPY",
    ("russian", "ruble"): "RUB",
    ("russian", "rouble"): "RUB",
    ("south african", "rand"): "ZAR",
    ("nigerian", "naira"): "NGN",
    ("israeli", "shekel"): "ILS",
    ("emirati", "dirham"): "AED",
}
# words valid only after a nationality ("Iraqi dinars"): the nationality gives the code
NATIONAL_ONLY = {"dinar", "dinars", "krona", "kronor", "krone", "kroner", "real", "reais"}

PERCENT: dict[str, str] = {
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "pct": "%",
    "percentage point": "percentage point",
    "percentage points": "percentage point",
    "basis point": "basis point",
    "basis points": "basis point",
}

DURATION: dict[str, str] = {
    "second": "second",
    "seconds": "second",
    "minute": "minute",
    "minutes": "minute",
    "hour": "hour",
    "hours": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "fortnight": "fortnight",
    "fortnights": "fortnight",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "decade": "decade",
    "decades": "decade",
    "century": "century",
    "centuries": "century",
}

_PHYSICAL_FORMS: dict[str, tuple[str, ...]] = {
    "km": ("km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"),
    "mi": ("mi", "mile", "miles"),
    "nmi": ("nautical mile", "nautical miles"),
    "m": ("metre", "metres", "meter", "meters"),
    "cm": ("cm", "centimetre", "centimetres", "centimeter", "centimeters"),
    "mm": ("mm", "millimetre", "millimetres", "millimeter", "millimeters"),
    "ft": ("ft", "foot", "feet"),
    "in": ("inch", "inches"),
    "yd": ("yd", "yard", "yards"),
    "kg": ("kg", "kgs", "kilogram", "kilograms", "kilogramme", "kilogrammes", "kilo", "kilos"),
    "g": ("gram", "grams", "gramme", "grammes"),
    "mg": ("mg", "milligram", "milligrams"),
    "lb": ("lb", "lbs", "pound", "pounds"),
    "oz": ("oz", "ounce", "ounces"),
    "t": ("tonne", "tonnes", "ton", "tons", "metric ton", "metric tons", "metric tonne", "metric tonnes"),
    "gal": ("gal", "gallon", "gallons"),
    "L": ("litre", "litres", "liter", "liters"),
    "mL": ("ml", "millilitre", "millilitres", "milliliter", "milliliters"),
    "bbl": ("bbl", "barrel", "barrels"),
    "m³": ("cubic metre", "cubic metres", "cubic meter", "cubic meters", "m3", "m³"),
    "ft³": ("cubic foot", "cubic feet"),
    "km²": ("square kilometre", "square kilometres", "square kilometer", "square kilometers", "sq km",
            "km2", "km²"),
    "sq mi": ("square mile", "square miles", "sq mi"),
    "m²": ("square metre", "square metres", "square meter", "square meters", "m2", "m²"),
    "sq ft": ("square foot", "square feet", "sq ft"),
    "acre": ("acre", "acres"),
    "ha": ("ha", "hectare", "hectares"),
    "°C": ("°c", "° c", "degrees celsius", "degree celsius", "degrees centigrade", "celsius", "c°"),
    "°F": ("°f", "° f", "degrees fahrenheit", "degree fahrenheit", "fahrenheit", "f°"),
    "°": ("degree", "degrees", "°"),
    "mph": ("mph", "miles per hour", "mile per hour"),
    "km/h": ("km/h", "kph", "kmh", "kmph", "kilometres per hour", "kilometers per hour"),
    "kn": ("knot", "knots"),
    "kW": ("kw", "kilowatt", "kilowatts"),
    "MW": ("mw", "megawatt", "megawatts"),
    "GW": ("gw", "gigawatt", "gigawatts"),
    "kWh": ("kwh", "kilowatt hour", "kilowatt hours", "kilowatt-hour", "kilowatt-hours"),
    "MWh": ("mwh", "megawatt hour", "megawatt hours", "megawatt-hour", "megawatt-hours"),
    "GWh": ("gwh", "gigawatt hour", "gigawatt hours", "gigawatt-hour", "gigawatt-hours"),
    "TWh": ("twh", "terawatt hour", "terawatt hours", "terawatt-hour", "terawatt-hours"),
}  # fmt: skip
PHYSICAL: dict[str, str] = {form: unit for unit, forms in _PHYSICAL_FORMS.items() for form in forms}

_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class Unit:
    unit: str
    kind: str  # "currency" | "percent" | "duration" | "physical"
    end: int  # token index after the unit
    factor: float = 1.0


def prefix_currency(doc, i: int) -> tuple[str, int] | None:
    """A currency symbol or code at token ``i`` followed by a number: (ISO code, index of the number)."""
    tok = doc[i]
    low = tok.lower_
    code = CURRENCY_SYMBOLS.get(low)
    if code is None and tok.text in ISO_CODES:
        code = "CNY" if tok.text == "RMB" else tok.text
    if code is None:
        return None
    if low in ("rs", "rs.") and tok.text[0] != "R":
        return None
    j = i + 1
    if j < len(doc) and doc[j].text in ("$",) and code in ("USD",) and tok.text.upper() in ("US", "USD"):
        j += 1
    if j >= len(doc):
        return None
    nxt = doc[j]
    if not (nxt.text[:1].isdigit() or nxt.text[:1] == "." or nxt.lower_ in ("a", "half")):
        return None
    return code, j


def _key(doc, j: int, k: int) -> str:
    return _SPACES.sub(" ", doc[j : j + k].text.lower())


def _weight_context(doc, j: int, end: int) -> bool:
    """``pounds`` means weight: "pounds of X", or a weighing verb nearby."""
    if end < len(doc) and doc[end].lower_ == "of":
        return True
    lo = max(0, j - 8)
    return any(t.lemma_.lower() in ("weigh", "weight", "lose", "gain", "heavy") for t in doc[lo:j])


def unit_after(doc, j: int, limit: int, *, scaled: bool, currency: str | None) -> Unit | None:
    """A percent, currency, duration or physical unit starting at token ``j``."""
    if j >= limit:
        return None
    first = doc[j]
    # hyphenated modifier: "an 18-month campaign", "a 10-km walk"
    hyphen = first.text == "-" and first.whitespace_ == "" and j + 1 < limit
    if hyphen:
        j += 1
    for k in (3, 2, 1):
        if j + k > limit:
            continue
        key = _key(doc, j, k)
        if key in PERCENT and not hyphen:
            return Unit(PERCENT[key], "percent", j + k)
        if currency is None and not hyphen:
            cur = _currency_word(doc, j, k, key, limit, scaled)
            if cur is not None:
                return cur
        if key in DURATION and currency is None:
            return Unit(DURATION[key], "duration", j + k)
        if key in PHYSICAL and currency is None:
            if k == 1 and key in ("m", "ft", "mi", "g") and doc[j].text != key:
                continue
            if key in ("pound", "pounds") and not _weight_context(doc, j, j + k):
                continue
            return Unit(PHYSICAL[key], "physical", j + k)
    # "m" after a number without a currency: metres (a million is only read after a currency)
    if first.text == "m" and currency is None and not hyphen:
        return Unit("m", "physical", j + 1)
    if currency is None and not hyphen and first.text in ISO_CODES:
        return Unit("CNY" if first.text == "RMB" else first.text, "currency", j + 1)
    return None


def _currency_word(doc, j: int, k: int, key: str, limit: int, scaled: bool) -> Unit | None:
    # a nationality (one or two words) before the currency word
    if k <= 2 and j + k < limit:
        word = doc[j + k].lower_
        lemma = word.rstrip("s") if word not in ("rupees",) else "rupee"
        if word in CURRENCY_WORDS or word in NATIONAL_ONLY:
            for base in (word, lemma, word[:-1] if word.endswith("es") else word):
                code = NATIONAL.get((key, base))
                if code:
                    return Unit(code, "currency", j + k + 1)
    if key in CURRENCY_WORDS:
        if key in ("pound", "pounds") and _weight_context(doc, j, j + k) and not scaled:
            return None
        if key == "won" and doc[j].pos_ == "VERB":
            return None
        code, factor = CURRENCY_WORDS[key]
        end = j + k
        if key in ("pound", "pounds") and end < limit and doc[end].lower_ == "sterling":
            end += 1
        return Unit(code, "currency", end, factor)
    return None
