"""The emergency number to show with a red flag, from the user's time zone or language.

Only numbers we are sure of are listed; everything else gets 112, which reaches emergency
services from any mobile phone in the EU and is forwarded by many networks elsewhere.
"""

from typing import Final

DEFAULT_NUMBER: Final = "112"

_COUNTRY_NUMBER: Final = {
    "US": "911", "CA": "911", "MX": "911", "PH": "911",
    "GB": "999", "IE": "999", "HK": "999", "MY": "999",
    "AU": "000", "NZ": "111", "IN": "112",
    "JP": "119", "KR": "119", "TW": "119", "CN": "120",
    "SG": "995", "IL": "101", "TH": "1669", "VN": "115",
    "BR": "192", "AR": "107", "CL": "131", "CO": "123",
}  # fmt: skip

_ZONE_COUNTRY: Final = {
    "Europe/London": "GB", "Europe/Belfast": "GB", "Europe/Guernsey": "GB",
    "Europe/Jersey": "GB", "Europe/Isle_of_Man": "GB", "GB": "GB", "GB-Eire": "GB",
    "Europe/Dublin": "IE", "Eire": "IE",
    "Pacific/Auckland": "NZ", "Pacific/Chatham": "NZ", "NZ": "NZ", "NZ-CHAT": "NZ",
    "Asia/Kolkata": "IN", "Asia/Calcutta": "IN",
    "Asia/Tokyo": "JP", "Japan": "JP", "Asia/Seoul": "KR", "ROK": "KR",
    "Asia/Taipei": "TW", "ROC": "TW", "Asia/Shanghai": "CN", "Asia/Chongqing": "CN",
    "Asia/Chungking": "CN", "Asia/Harbin": "CN", "Asia/Urumqi": "CN", "PRC": "CN",
    "Asia/Hong_Kong": "HK", "Hongkong": "HK", "Asia/Singapore": "SG", "Singapore": "SG",
    "Asia/Kuala_Lumpur": "MY", "Asia/Kuching": "MY", "Asia/Manila": "PH",
    "Asia/Jerusalem": "IL", "Asia/Tel_Aviv": "IL", "Israel": "IL",
    "Asia/Bangkok": "TH", "Asia/Ho_Chi_Minh": "VN", "Asia/Saigon": "VN",
    "America/Sao_Paulo": "BR", "America/Bahia": "BR", "America/Fortaleza": "BR",
    "America/Recife": "BR", "America/Maceio": "BR", "America/Belem": "BR",
    "America/Manaus": "BR", "America/Cuiaba": "BR", "America/Campo_Grande": "BR",
    "America/Porto_Velho": "BR", "America/Boa_Vista": "BR", "America/Rio_Branco": "BR",
    "America/Araguaina": "BR", "America/Santarem": "BR", "America/Noronha": "BR",
    "America/Eirunepe": "BR",
    "America/Santiago": "CL", "America/Punta_Arenas": "CL", "Pacific/Easter": "CL",
    "America/Bogota": "CO",
}  # fmt: skip

# Zones under America/ that are not 911 countries we know of: Greenland and French territories.
_AMERICA_112: Final = frozenset({
    "America/Nuuk", "America/Godthab", "America/Danmarkshavn", "America/Scoresbysund",
    "America/Thule", "America/Miquelon", "America/Martinique", "America/Guadeloupe",
    "America/Cayenne", "America/St_Barthelemy", "America/Marigot"
})  # fmt: skip
_PREFIX_COUNTRY: Final = (
    ("America/Argentina/", "AR"),
    ("America/Buenos_Aires", "AR"),
    ("Brazil/", "BR"),
    ("Chile/", "CL"),
    ("Australia/", "AU"),
    ("US/", "US"),
    ("Canada/", "CA"),
    ("Mexico/", "MX"),
    ("America/", "US"),
)
_LANGUAGE_COUNTRY: Final = {"ja": "JP", "ko": "KR", "th": "TH", "vi": "VN", "he": "IL"}
# Zones that say nothing about where someone is; only then does the language decide.
_PLACELESS: Final = ("UTC", "UCT", "Etc/", "GMT", "Universal", "Zulu", "Greenwich", "Factory")


def emergency_number(tz: str | None, language_code: str | None = None) -> str:
    """The local emergency number: by IANA zone, by the language's region if the zone is
    UTC-like or unknown, else 112."""
    if tz and not tz.startswith(_PLACELESS):
        country = _zone_country(tz)
    else:
        country = _language_country(language_code) if language_code else None
    return _COUNTRY_NUMBER.get(country or "", DEFAULT_NUMBER)


def _zone_country(tz: str) -> str | None:
    if tz in _ZONE_COUNTRY:
        return _ZONE_COUNTRY[tz]
    if tz in _AMERICA_112:
        return None
    return next((country for prefix, country in _PREFIX_COUNTRY if tz.startswith(prefix)), None)


def _language_country(language_code: str) -> str | None:
    """ "en-GB" → GB; "ja" → JP; a bare "en" tells us nothing."""
    language, _, region = language_code.replace("_", "-").partition("-")
    if len(region) == 2 and region.isalpha():
        return region.upper()
    return _LANGUAGE_COUNTRY.get(language.lower())
