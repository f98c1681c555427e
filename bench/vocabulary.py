"""The words, names and places the synthetic dossiers of `bench.generate` are made of."""

from __future__ import annotations

_WORDS = (
    "hợp tác phát_triển kinh_tế quan_hệ hai_nước chiến_lược toàn_diện an_ninh khu_vực hòa_bình "
    "ổn_định thương_mại đầu_tư năng_lượng giáo_dục văn_hóa du_lịch nông_nghiệp công_nghệ "
    "hạ_tầng giao_thông y_tế khoa_học quốc_phòng ngoại_giao truyền_thống hữu_nghị tin_cậy "
    "lâu_dài bền_vững thúc_đẩy tăng_cường mở_rộng củng_cố nâng_cao đóng_góp thảo_luận trao_đổi "
    "thống_nhất khẳng_định nhấn_mạnh đánh_giá ghi_nhận cam_kết ủng_hộ đề_nghị hoan_nghênh "
    "chia_sẻ quan_tâm thực_hiện triển_khai các những một nhiều mọi cùng đã sẽ đang vẫn rất "
    "hơn nữa trong với về cho của và nhưng tại từ đến theo trên giữa sau trước khi để vì nên "
    "là có không được lĩnh_vực dự_án chương_trình thỏa_thuận hiệp_định văn_kiện cuộc_gặp "
    "hội_đàm chuyến_thăm phái_đoàn lãnh_đạo chính_phủ nhân_dân doanh_nghiệp thị_trường "
    "người_dân đối_tác tổ_chức cơ_chế hội_nghị diễn_đàn thời_gian năm_nay tương_lai hiện_nay "
    "gần_đây tiếp_theo quan_trọng tích_cực hiệu_quả cụ_thể thiết_thực mạnh_mẽ sâu_sắc "
    "rộng_rãi chặt_chẽ nhanh_chóng thành_công tốt_đẹp vững_chắc mới lớn chung riêng "
    "song_phương đa_phương quốc_tế biên_giới cảng_biển đường_sắt điện dầu_khí lương_thực "
    "xuất_khẩu nhập_khẩu sản_xuất lao_động sinh_viên học_bổng nghiên_cứu vũ_trụ vệ_tinh "
    "thể_thao báo_chí điện_ảnh âm_nhạc"
)
WORDS = tuple(word.replace("_", " ") for word in _WORDS.split())
"""Vietnamese words (some of two syllables) that the articles are made of."""

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Minh", "Đức", "Quang", "Thanh", "Hữu", "Ngọc")
GIVEN: tuple[str, ...] = (
    *("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Lan", "Mai", "Nam", "Phương", "Quân"),
    *("Sơn", "Thảo", "Tuấn", "Việt", "Yến", "Khánh", "Long", "Trang", "Đạt"),
)
ROLES = (
    "President",
    "Prime Minister",
    "Deputy Prime Minister",
    "Minister of Foreign Affairs",
    "Minister of Trade",
    "Minister of Defence",
    "Ambassador",
    "Chair of the National Assembly",
)

# (English name, as printed, country in English, country as printed)
CITIES = (
    ("Hanoi", "Hà Nội", "Vietnam", "Việt Nam"),
    ("Da Nang", "Đà Nẵng", "Vietnam", "Việt Nam"),
    ("Pyongyang", "Bình Nhưỡng", "North Korea", "Triều Tiên"),
    ("Moscow", "Mát-xcơ-va", "Russia", "Liên bang Nga"),
    ("Vladivostok", "Vla-đi-vô-xtốc", "Russia", "Liên bang Nga"),
    ("Beijing", "Bắc Kinh", "China", "Trung Quốc"),
    ("Tokyo", "Tô-ky-ô", "Japan", "Nhật Bản"),
    ("Seoul", "Xơ-un", "South Korea", "Hàn Quốc"),
    ("Bangkok", "Băng Cốc", "Thailand", "Thái Lan"),
    ("Vientiane", "Viêng Chăn", "Laos", "Lào"),
    ("Phnom Penh", "Phnôm Pênh", "Cambodia", "Campuchia"),
    ("Jakarta", "Gia-các-ta", "Indonesia", "In-đô-nê-xi-a"),
)
VENUES = (
    ("Government Guest House", "Nhà khách Chính phủ"),
    ("State Guest House", "Nhà khách quốc gia"),
    ("National Convention Centre", "Trung tâm Hội nghị Quốc gia"),
    ("Presidential Palace", "Phủ Tổng thống"),
)
# (name, as printed in the byline, web domain)
OUTLETS = (
    ("VOV", "VOV.VN", "vov.vn"),
    ("VnExpress", "VnExpress", "vnexpress.net"),
    ("Tuổi Trẻ", "Tuổi Trẻ Online", "tuoitre.vn"),
    ("Thanh Niên", "Thanh Niên", "thanhnien.vn"),
    ("VietnamPlus", "VietnamPlus", "vietnamplus.vn"),
    ("Dân Trí", "Dân trí", "dantri.com.vn"),
    ("Báo Quốc tế", "Báo Quốc tế", "baoquocte.vn"),
)
AGENCIES = ("Reuters", "TTXVN", "AFP", "Sputnik", "Yonhap", "Kyodo")
TOPICS = (
    "trade",
    "energy",
    "rail links",
    "education",
    "security",
    "fisheries",
    "space research",
    "tourism",
    "health care",
    "investment",
)
