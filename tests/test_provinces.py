"""Province names and slugs (data/provinces.json, derived from dvhcvn)."""
from kehoach import provinces


def test_counts():
    assert len(provinces.all_provinces("old")) == 63
    assert len(provinces.all_provinces("new")) == 34


def test_spellings_of_kon_tum():
    for s in ("kontum", "Kon Tum", "kon-tum", "KON TUM", "KONTUM", "tỉnh Kon Tum", "Kon Tum cũ"):
        assert provinces.slug_for(s) == "kontum", s


def test_hue():
    assert provinces.slug_for("Thừa Thiên Huế") == "thuathienhue"
    slugs = {p["slug"] for p in provinces.resolve("hue")}
    assert slugs == {"thuathienhue", "hue"}


def test_quang_ngai_knows_kon_tum_merged_into_it():
    hits = provinces.resolve("quangngai")
    new = [p for p in hits if p["era"] == "new"]
    assert new and "kontum" in new[0]["merged_from"]
    assert "Kon Tum" in new[0]["note"]
    old_kt = provinces.resolve("Kon Tum")[0]
    assert old_kt["merged_into"] == "quangngai"


def test_hcm_and_unknown():
    assert provinces.slug_for("TP.HCM") == "hochiminh"
    assert provinces.slug_for("Thành phố Hồ Chí Minh") == "hochiminh"
    assert provinces.slug_for("Atlantis") is None


def test_find_in_issuer_lines():
    assert provinces.find_in_text("ỦY BAN NHÂN DÂN TỈNH KON TUM") == "kontum"
    assert provinces.find_in_text("BAN QUẢN LÝ KHU KINH TẾ VÀ KHU CÔNG NGHIỆP TỈNH KHÁNH HÒA") == "khanhhoa"
    assert provinces.find_in_text("THÀNH PHỐ HỒ CHÍ MINH") == "hochiminh"
    assert provinces.find_in_text("UBND TỈNH LÂM ĐỒNG") == "lamdong"
    assert provinces.find_in_text("Ủy ban nhân dân tỉnh") is None


def test_a_commune_named_like_a_province_is_not_the_province():
    # "xã Quảng Ninh" is a commune (Quảng Bình had one); only "tỉnh Quảng Ninh" or a bare mention counts
    assert provinces.find_in_text("UBND XÃ QUẢNG NINH") is None
    assert provinces.find_in_text("Ban Thường trực Ủy ban MTTQ Việt Nam xã Quảng Ninh") is None
    assert provinces.find_in_text("Ủy ban nhân dân thị xã Quảng Trị, tỉnh Quảng Trị") == "quangtri"
    assert provinces.find_in_text("HUYỆN ỦY BA CHẼ, TỈNH QUẢNG NINH") == "quangninh"
