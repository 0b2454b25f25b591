"""Common Arab given names, and the Latin spellings that stand for each.

Letters alone cannot tell some different names apart across scripts: *Omar* is a
faithful reading of عمار as much as of عمر, and *Said* of سعد as much as of سعيد,
because Arabic leaves short vowels, the doubled consonant and the silent letter
unwritten. Spelling conventions can: nobody writes عمار *Omar*, or حسن *Hussein*. This
table says, for the names that are common and that differ from another common name
by a vowel or a doubling, which Latin spellings are in use for each. Two words that
the table reads as two different names are not one name misspelt
(:func:`different_given_names`); a spelling the table does not list, or lists for
both names (*Hamid* is حامد or حميد, *Salah* صلاح or صالح), decides nothing, and the
letters are compared as before.

Written for Jisr from general knowledge of these names' spellings, checked against
the Wikidata name pairs of ``../shared/datasets/translit`` (CC0); not copied from
any list.
"""

from __future__ import annotations

from typing import Final

from .names import Token

# One line per name: its Arabic spellings, then after ":" the Latin spellings in use
# for it. A Latin spelling used for two names appears on both lines.
_TABLE: Final = """
محمد: mohamed muhammad mohammed mohamad mohammad muhamad muhammed mouhamed mouhammad mhamed mehmed mehmet
محمود: mahmoud mahmud mahmood mahmut mahmod
احمد: ahmed ahmad ahmet
حامد: hamed hamid haamid
حميد: hamid hameed hmid
حمادي: hamadi hammadi
حمد: hamad
حمدي: hamdi hamdy
حسن: hassan hasan hacen hassen hasen assan
حسان: hassan hassane hassen hessane
حسين: hussein husayn hossein houcine hussain husain hocine husein hussien hossain houssein houssine hosein hosain huseyin
حسناء: hasna hasnaa
سعد: saad saed sad
سعيد: said saeed saied sayeed saeid
عمر: omar umar omer amor
عمار: ammar amar
عامر: amer aamer aamir amir
امير: amir ameer
سلمان: salman selmane salmane
سليمان: sulayman soliman slimane suleiman sulaiman souleymane sleiman suleyman soleiman solaiman
سالم: salem salim
سليم: salim saleem slim selim
كريم: karim kareem krim
كرم: karam
نور: nour nur noor
نوري: nouri nuri noori
جمال: jamal djamel jamel gamal djamal cemal
جميل: jamil djamil jameel gamil cemil
جميلة: jamila djamila jameela
كمال: kamal kamel kemal
كامل: kamil kamel
جلال: jalal djalal
جليل: jalil djalil
خالد: khaled khalid
خليل: khalil halil
داود داوود: daoud dawud dawood daud daouda dauda
عادل: adel adil
عدلي: adly adli
فتحي: fathi fethi fathy
فتح: fath
فاتح: fateh fatih
يونس: younes yunus younis yunis younous
يوسف: youssef yusuf yousef youcef yousuf youssouf yousif youssoufa yusufa
علي: ali aly
عالية: alia aliya aaliya
رضا: reda rida ridha redha
راضي: radi radhi
مراد: mourad murad morad
حمزة: hamza hamzah
طارق: tarek tariq tarik
توفيق: tawfiq toufik tawfik taoufik
رفيق: rafik rafiq
رفقي: rifki rifqi
شكري: choukri shukri chokri
شاكر: chaker shakir shaker
ناصر: nasser nacer nasir naser
نصر: nasr naser
نصري: nasri
منير: mounir munir
نمر: nimr
بلال: bilal belal
حليم: halim
حكيم: hakim hakeem
حاكم: hakem hakim
حلمي: helmi hilmi helmy
زكي: zaki zaky
زكريا: zakaria zakariya zakariyya
رشيد: rachid rashid rasheed
راشد: rached rashid rashed
مجيد: majid madjid mejid majeed
ماجد: majed majid
فريد: farid fareed
فارس: fares faris
سمير: samir sameer
سامر: samer
سمر: samar
سميرة: samira
هشام: hicham hisham hesham
هاشم: hachem hashim hashem
عمران: imran omran
عماد: imad emad
صالح: salah saleh salih
صلاح: salah
صابر: saber sabir
صبري: sabri sabry
فاضل: fadel fadil fadhel
فضل: fadl fadhl
وليد: walid oualid waleed
زياد: ziad ziyad zyad
زيد: zaid zayd zeid
ياسين: yassine yasin yacine yassin
ياسر: yasser yasir yaser
انس: anas
انيس: anis
نبيل: nabil nabeel
نجيب: najib nadjib
حسني: hosni husni
امين: amine amin ameen
امينة: amina
امنة: amina amna
فاطمة: fatima fatma fatema fatimah
فتيحة: fatiha
سعاد: souad suad
سعدية: saadia
نادية: nadia
نادر: nader nadir
ندى: nada
هدى: houda huda hoda
زين: zine zein zain
زينب: zineb zaynab zainab zeinab
عيسى: issa aissa isa
عائشة: aicha aisha ayesha
بشير: bachir bashir bechir
بشار: bachar bashar
بشرى: bouchra bushra
هاني: hani hany
هناء: hana hanaa
شريف: cherif sharif
شرف: charaf sharaf
عابد: abed abid
عبيد: obeid ubaid obaid oubaid abid
عابدي: abedi abidi
مالك: malek malik
ملك: malak
مليكة: malika
حافظ: hafez hafiz hafedh
حفيظ: hafid hafidh hafiz hafeez
ابراهيم: ibrahim brahim ebrahim ibrahima
ادريس: idris idriss driss idrissa idrisa
يعقوب: yacoub yaqub yakub yaqoob yacouba yakouba yakuba yakubu
هارون: haroun harun haroon harouna haruna
ادم: adam adama adamu
اسماعيل: ismail ismael smail ismaila
"""


def _key(tok: Token) -> str:
    """The word a table line is looked up by: its spelling, article and endings aside."""
    text = tok.text
    if tok.kind == "article":
        if tok.script == "ar":
            text = text[2:] if text.startswith("ال") else text
        else:
            text = text.rsplit(" ", 1)[-1]
    return _arabic_endings(text) if tok.script == "ar" else text


def _arabic_endings(text: str) -> str:
    """Final ى and ة written as ي and ه, as many records do."""
    return text.replace("ى", "ي").replace("ة", "ه")


def read_table(table: str) -> tuple[dict[str, int], dict[str, frozenset[int]]]:
    """Name numbers by Arabic spelling, and the names each Latin spelling stands for.

    The table is written as :func:`_key` reads a word (the test of this module
    checks it), so reading it parses no name: it runs at every ``jisr screen``.
    """
    arabic: dict[str, int] = {}
    latin: dict[str, set[int]] = {}
    for number, line in enumerate(filter(None, table.splitlines())):
        arabic_side, latin_side = line.split(":")
        for spelling in arabic_side.split():
            arabic[_arabic_endings(spelling)] = number
        for spelling in latin_side.split():
            latin.setdefault(spelling, set()).add(number)
    return arabic, {text: frozenset(names) for text, names in latin.items()}


_ARABIC, _LATIN = read_table(_TABLE)
_KINDS: Final = frozenset({"word", "article"})
_NAMES_CACHE: Final[dict[int, frozenset[int] | None]] = {}


def _names_of(tok: Token) -> frozenset[int] | None:
    """The table's names this word can stand for; ``None`` when it does not know it."""
    if tok.uid in _NAMES_CACHE:
        return _NAMES_CACHE[tok.uid]
    names: frozenset[int] | None = None
    if tok.kind in _KINDS:
        key = _key(tok)
        if tok.script == "ar":
            number = _ARABIC.get(key)
            names = None if number is None else frozenset((number,))
        else:
            names = _LATIN.get(key)
    if len(_NAMES_CACHE) > 500_000:
        _NAMES_CACHE.clear()
    _NAMES_CACHE[tok.uid] = names
    return names


def same_given_name(a: Token, b: Token) -> bool:
    """Whether the table lists both words for one name (*Ibrahima* / ابراهيم)."""
    names_a = _names_of(a)
    if names_a is None:
        return False
    names_b = _names_of(b)
    return names_b is not None and bool(names_a & names_b)


def different_given_names(a: Token, b: Token) -> bool:
    """Whether the table reads two words as two different names (*Omar* / عمار).

    Only when it knows both words, and no name is one that both can stand for.
    """
    names_a = _names_of(a)
    if names_a is None:
        return False
    names_b = _names_of(b)
    return names_b is not None and not (names_a & names_b)
