"""Units: currencies (ISO 4217 codes), percentages, durations and physical units.

Each table maps the written form (lower case, inner spaces collapsed) to the normalised
unit. Currency words may be preceded by a nationality ("Canadian dollars" -> CAD).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.model import UnitKind

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
    "₡": "CRC",
    "₾": "GEL",
    "₭": "LAK",
    "₱": "PHP",
    "₫": "VND",
    "฿": "THB",
    "₸": "KZT",
    "₼": "AZN",
    "₿": "BTC",
    "rm": "MYR",
    "rp": "IDR",
    "ksh": "KES",
    "kes": "KES",
    "nt$": "TWD",
    "rmb": "CNY",
}
# signs that are also words or initials in another case: read only as written here ("RM45", "Rp5,000")
_CASED_SIGNS = {"rm": "RM", "rp": "Rp", "ksh": ("KSh", "Ksh", "KSH"), "kes": "KES", "rmb": "RMB"}

# ISO codes accepted before or after a number ("USD 5 million", "300 EUR")
ISO_CODES = {
    "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "CAD", "AUD", "NZD", "CHF", "RUB", "BRL", "MXN",
    "KRW", "HKD", "SGD", "SEK", "NOK", "DKK", "PLN", "TRY", "ZAR", "SAR", "AED", "ILS", "IRR", "EGP",
    "MYR", "IDR", "THB", "VND", "KES", "NGN", "GHS", "PKR", "BDT", "LKR", "TWD", "CZK", "HUF", "ARS",
    "CLP", "COP", "QAR", "KWD", "UAH", "KZT", "MAD", "RON", "BGN", "ISK", "UGX", "TZS", "ZMW",
}  # fmt: skip
# (ISO codes that are English words or other acronyms in capitals are left out: "PHP", "ALL",
# "TOP", "CUP", "MOP", "PEN")

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
    "ringgit": ("MYR", 1.0),
    "ringgits": ("MYR", 1.0),
    "sen": ("MYR", 0.01),
    "rupiah": ("IDR", 1.0),
    "rupiahs": ("IDR", 1.0),
    "dong": ("VND", 1.0),
    "shilling": ("KES", 1.0),
    "shillings": ("KES", 1.0),
    "cedi": ("GHS", 1.0),
    "cedis": ("GHS", 1.0),
    "taka": ("BDT", 1.0),
    "forint": ("HUF", 1.0),
    "forints": ("HUF", 1.0),
    "koruna": ("CZK", 1.0),
    "korunas": ("CZK", 1.0),
    "bitcoin": ("BTC", 1.0),
    "bitcoins": ("BTC", 1.0),
    "satoshi": ("BTC", 1e-8),
    "satoshis": ("BTC", 1e-8),
    # currencies replaced by the euro, still in archives and history pieces
    "peseta": ("ESP", 1.0),
    "pesetas": ("ESP", 1.0),
    "guilder": ("NLG", 1.0),
    "guilders": ("NLG", 1.0),
    "markka": ("FIM", 1.0),
    "markkaa": ("FIM", 1.0),
    "drachma": ("GRD", 1.0),
    "drachmas": ("GRD", 1.0),
    "escudo": ("PTE", 1.0),
    "escudos": ("PTE", 1.0),
    "penny": ("GBP", 0.01),
    "pennies": ("GBP", 0.01),
    "btc": ("BTC", 1.0),
}

# ISO codes also read in lower case after a number ("20 usd"); not those that are English words
LOWER_ISO = {"usd", "eur", "gbp", "jpy", "cny", "rmb", "inr", "chf", "aud", "nzd", "hkd", "sgd", "cad"}
# currency signs that may follow the number ("10 €", "100元") when no number follows them
SIGNS_AFTER: dict[str, str] = {sign: CURRENCY_SYMBOLS[sign] for sign in "$€£¥₹₡₾₭₱₫฿₿"} | {
    "元": "CNY",
    "円": "JPY",
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
    "sec": "second",
    "secs": "second",
    "minute": "minute",
    "minutes": "minute",
    "min": "minute",
    "mins": "minute",
    "hour": "hour",
    "hours": "hour",
    "hr": "hour",
    "hrs": "hour",
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
    "dm": ("dm", "decimetre", "decimetres", "decimeter", "decimeters"),
    "pm": ("picometre", "picometres", "picometer", "picometers"),
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
    "mg": ("mg", "milligram", "milligrams", "milligramme", "milligrammes"),
    "µg": ("µg", "μg", "mcg", "microgram", "micrograms", "microgramme", "microgrammes"),
    "lb": ("lb", "lbs", "pound", "pounds"),
    "oz": ("oz", "ounce", "ounces"),
    "t": ("tonne", "tonnes", "ton", "tons", "metric ton", "metric tons", "metric tonne", "metric tonnes"),
    "gal": ("gal", "gallon", "gallons"),
    "L": ("litre", "litres", "liter", "liters"),
    "mL": ("ml", "millilitre", "millilitres", "milliliter", "milliliters"),
    "bbl": ("bbl", "barrel", "barrels"),
    "tbsp": ("tbsp", "tablespoon", "tablespoons"),
    "tsp": ("tsp", "teaspoon", "teaspoons"),
    "cup": ("cup", "cups"),
    "m³": ("cubic metre", "cubic metres", "cubic meter", "cubic meters", "m3", "m³"),
    "ft³": ("cubic foot", "cubic feet"),
    "km²": ("square kilometre", "square kilometres", "square kilometer", "square kilometers", "sq km",
            "km2", "km²"),
    "sq mi": ("square mile", "square miles", "sq mi"),
    "m²": ("square metre", "square metres", "square meter", "square meters", "m2", "m²", "sq m", "sq. m",
           "sqm"),
    "sq ft": ("square foot", "square feet", "sq ft", "sq. ft", "sq. ft.", "sqft"),
    "acre": ("acre", "acres"),
    "ha": ("ha", "hectare", "hectares"),
    "°C": ("°c", "° c", "degrees celsius", "degree celsius", "degrees centigrade", "celsius", "c°", "celcius",
           "degrees c", "degree c", "deg c", "deg celsius", "deg. c", "degrees celcius", "centigrade"),
    "°F": ("°f", "° f", "degrees fahrenheit", "degree fahrenheit", "fahrenheit", "f°", "farenheit",
           "degrees f", "degree f", "deg f", "deg fahrenheit", "deg. f", "degrees farenheit"),
    "°": ("degree", "degrees", "°", "deg", "deg."),
    "rad": ("rad", "radian", "radians"),
    "mph": ("mph", "miles per hour", "mile per hour", "miles an hour", "mile an hour"),
    "km/h": ("km/h", "kph", "kmh", "kmph", "km/hr", "kilometres per hour", "kilometers per hour",
             "kilometre per hour", "kilometer per hour", "kilometres an hour", "kilometers an hour"),
    "W": ("watt", "watts"),
    "kV": ("kilovolt", "kilovolts"),
    "V": ("volt", "volts"),
    "hp": ("hp", "horsepower", "bhp"),
    "Hz": ("hz", "hertz"),
    "kHz": ("khz", "kilohertz"),
    "MHz": ("mhz", "megahertz"),
    "GHz": ("ghz", "gigahertz"),
    "bit": ("bit", "bits"),
    "kB": ("kilobyte", "kilobytes"),
    "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"),
    "Mb": ("megabit", "megabits"),
    "Gb": ("gigabit", "gigabits"),
    "kbps": ("kbps", "kbit/s"),
    "Mbps": ("mbps", "mbit/s", "megabits per second"),
    "Gbps": ("gbps", "gbit/s", "gigabits per second"),
    "mAh": ("mah",),
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
# written forms whose case decides the unit (bytes and bits): looked up as written, before PHYSICAL
CASED: dict[str, str] = {
    "kB": "kB", "KB": "kB", "MB": "MB", "GB": "GB", "TB": "TB", "PB": "PB", "Kb": "kb", "kb": "kb",
    "Mb": "Mb", "mb": "Mb", "Gb": "Gb", "Tb": "Tb", "W": "W", "kW": "kW", "MW": "MW", "GW": "GW", "V": "V",
    "kV": "kV", "p": "GBP", "t": "t", "Ml": "ML", "ML": "ML", "mL": "mL", "cl": "cL",
}  # fmt: skip
# after digits, glued: "5kW", "40min", "1.38pc", "164p", "25lbs", "100元"; also "US$" style signs
_GLUED_EXTRA: dict[str, tuple[str, UnitKind, float]] = {
    "pc": ("%", "percent", 1.0),
    "p": ("GBP", "currency", 0.01),  # "164p": pence
    "m": ("m", "physical", 1.0),
    "h": ("hour", "duration", 1.0),
}
# "1080p" and the other video resolutions are not pence
_RESOLUTIONS = {144, 240, 360, 480, 576, 720, 1080, 1440, 2160, 4320}

_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class Unit:
    unit: str
    kind: UnitKind  # "currency", "percent", "duration" or "physical"
    end: int  # token index after the unit
    factor: float = 1.0


def glued_unit(suffix: str, value: float) -> tuple[str, UnitKind, float] | None:
    """The unit glued after digits ("kW" in "5kW"): (unit, kind, factor), or None when unknown."""
    if suffix in CASED:
        unit = CASED[suffix]
        if unit == "GBP":
            if value in _RESOLUTIONS:
                return None
            return "GBP", "currency", 0.01
        return unit, "physical", 1.0
    low = suffix.lower()
    if low in _GLUED_EXTRA:
        return _GLUED_EXTRA[low]
    if low in PERCENT:
        return PERCENT[low], "percent", 1.0
    if suffix.upper() in ISO_CODES and (suffix.isupper() or low in LOWER_ISO):
        return ("CNY" if suffix.upper() == "RMB" else suffix.upper()), "currency", 1.0
    if suffix in SIGNS_AFTER:
        return SIGNS_AFTER[suffix], "currency", 1.0
    if low in DURATION:
        return DURATION[low], "duration", 1.0
    if low in PHYSICAL:
        return PHYSICAL[low], "physical", 1.0
    if low.endswith("s") and low[:-1] in PHYSICAL and len(low) > 2:  # "25lbs" is in; "5kgs"
        return PHYSICAL[low[:-1]], "physical", 1.0
    return None


# a currency sign or code glued before the digits in one token: "RM45", "USD2", "EUR3,400", "HK$1,200"
_GLUED_PREFIX = re.compile(
    r"^([A-Za-z]{1,3}\$|[A-Z]{3}|R[Mp]|K[Ss][Hh]|[$€£¥₹₩₽₺₪₦₱฿])"
    r"(\d[\d,]*(?:\.\d+)?(?:[kKmMbBtT]|mn|mln|mil|bn|bln|tn|trn)?)$"
)


def glued_currency(text: str) -> tuple[str, str] | None:
    """ "RM45" -> ("MYR", "45"), "S$2mil" -> ("SGD", "2mil"); None when the letters are no currency."""
    m = _GLUED_PREFIX.match(text)
    if m is None:
        return None
    sign, rest = m.group(1), m.group(2)
    low = sign.lower()
    code = CURRENCY_SYMBOLS.get(low)
    if code is None and sign in ISO_CODES:
        code = "CNY" if sign == "RMB" else sign
    if code is None:
        return None
    cased = _CASED_SIGNS.get(low)
    if cased is not None and sign not in ((cased,) if isinstance(cased, str) else cased):
        return None
    return code, rest


def prefix_currency(doc, i: int) -> tuple[str, int] | None:
    """A currency symbol or code at token ``i`` followed by a number: (ISO code, index of the number)."""
    tok = doc[i]
    low = tok.lower_
    code = CURRENCY_SYMBOLS.get(low)
    cased = _CASED_SIGNS.get(low)
    if cased is not None and tok.text not in ((cased,) if isinstance(cased, str) else cased):
        code = None  # "rm", "rp" in lower case are no currency
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


# words before "pounds" that make it a weight: "lost 25 pounds", "a baby over two pounds"
_WEIGHT_CUES = {
    "weigh", "weight", "lose", "gain", "heavy", "shed", "drop", "baby", "ton", "tonne", "kilogram", "kilo",
    "ounce", "obese", "overweight",
}  # fmt: skip


def _weight_context(doc, j: int, end: int) -> bool:
    """``pounds`` means weight: "pounds of X", or a weighing verb nearby."""
    if end < len(doc) and doc[end].lower_ == "of":
        return True
    lo = max(0, j - 8)
    return any(t.lemma_.lower() in _WEIGHT_CUES for t in doc[lo:j])


def unit_after(doc, j: int, limit: int, *, scaled: bool, currency: str | None) -> Unit | None:
    """A percent, currency, duration or physical unit starting at token ``j``."""
    if j >= limit:
        return None
    first = doc[j]
    # hyphenated modifier: "an 18-month campaign", "a 10-km walk", "a one-yen bid"
    hyphen = first.text == "-" and first.whitespace_ == "" and j + 1 < limit
    if hyphen:
        j += 1
    if currency is None:
        cased = _cased_unit(doc, j)
        if cased is not None:
            return cased
    for k in (3, 2, 1):
        if j + k > limit:
            continue
        unit = _unit_words(doc, j, k, limit, hyphen=hyphen, scaled=scaled, currency=currency)
        if unit is not None:
            return unit
    if currency is not None or hyphen:
        return None
    return _unit_after_words(doc, first, j, limit, scaled)


def _cased_unit(doc, j: int) -> Unit | None:
    """A physical unit written in its own case ("MW", "kB", "V"), a full stop after it allowed."""
    text = doc[j].text
    written = text[:-1] if text.endswith(".") and len(text) > 1 else text
    if written in CASED and written not in ("p",):
        unit = CASED[written]
        if unit != "GBP":
            return Unit(unit, "physical", j + 1)
    return None


def _unit_key(doc, j: int, k: int) -> str:
    """The lower-case text of tokens ``j .. j+k``, a sentence's full stop after it dropped ("570
    sq m.") unless the unit tables have the word with its dot."""
    key = _key(doc, j, k)
    if (
        key.endswith(".")
        and len(doc[j + k - 1].text) > 1
        and "." not in key[:-1]
        and not any(key in table for table in (PERCENT, PHYSICAL, DURATION, CURRENCY_WORDS))
    ):
        return key[:-1]
    return key


def _unit_words(
    doc, j: int, k: int, limit: int, *, hyphen: bool, scaled: bool, currency: str | None
) -> Unit | None:
    """The unit written in the ``k`` tokens from ``j`` (a percent, a currency, a duration or a
    physical unit, tried in that order), or None."""
    key = _unit_key(doc, j, k)
    if key in PERCENT and not hyphen:
        return Unit(PERCENT[key], "percent", j + k)
    if currency is not None:
        return None
    if not hyphen or (k == 1 and key in CURRENCY_WORDS):
        cur = _currency_word(doc, j, k, key, limit, scaled)
        if cur is not None:
            return cur
    if key in DURATION:
        return Unit(DURATION[key], "duration", j + k)
    if key in PHYSICAL:
        return _physical_word(doc, j, k, key)
    return None


def _physical_word(doc, j: int, k: int, key: str) -> Unit | None:
    """A physical unit word; short ones ("m", "ft") only as written. ("pounds" comes here only as a
    weight: :func:`_currency_word` reads every other "pounds" as money.)"""
    if k == 1 and key in ("m", "ft", "mi", "g") and doc[j].text != key:
        return None
    return Unit(PHYSICAL[key], "physical", j + k)


def _unit_after_words(doc, first, j: int, limit: int, scaled: bool) -> Unit | None:
    """After a number with no currency and no hyphen: "of" and a currency, "m" (metres), or an
    ISO code or sign."""
    # "tens of millions of dollars": the currency after "of"
    if first.lower_ == "of" and scaled and j + 1 < limit:
        key = doc[j + 1].lower_
        if key in CURRENCY_WORDS and key not in ("pound", "pounds"):
            code, factor = CURRENCY_WORDS[key]
            return Unit(code, "currency", j + 2, factor)
    # "m" after a number without a currency: metres (a million is only read after a currency)
    if first.text == "m":
        return Unit("m", "physical", j + 1)
    return _currency_after(doc, j, limit)


def _currency_after(doc, j: int, limit: int) -> Unit | None:
    """An ISO code or a sign after the number: "300 EUR", "20 usd", "75 USD million", "30 MUSD", "10 €"."""
    text = doc[j].text
    nxt = doc[j + 1] if j + 1 < limit else None
    if text in SIGNS_AFTER:
        if nxt is not None and (nxt.text[:1].isdigit() or nxt.like_num):
            return None  # "$ 20 $ 30": the sign belongs to the next number
        return Unit(SIGNS_AFTER[text], "currency", j + 1)
    code, factor = None, 1.0
    if text in ISO_CODES or text in LOWER_ISO:
        code = text.upper()
    elif len(text) == 4 and text[0] == "M" and text[1:] in ISO_CODES:
        code, factor = text[1:], 1e6  # "30 MUSD": millions of dollars
    if code is None:
        return None
    code = "CNY" if code == "RMB" else code
    end = j + 1
    if nxt is not None and nxt.lower_ in ("million", "billion", "trillion", "thousand"):
        factor *= {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}[nxt.lower_]
        end += 1  # "75 USD million"
    return Unit(code, "currency", end, factor)


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
