"""Word classes behind the turnout signals: golput intent, cynicism, money decides, barriers.

The lists describe how people write about (not) voting in Indonesian, East-Javanese and
Madurese, not one election, so they live here rather than in the calendar file. Matching goes
through :mod:`nlp.cues` (lower-cased, diacritics folded, shorthand such as ``gak`` -> ``tidak``
expanded, one-word entries also match with affixes), so an entry covers its spelling variants.
The rules in :mod:`nlp.turnout_rules` combine these classes by position ("tidak" up to three
words before "nyoblos", no "bisa" in between); single entries are rarely decisive on their own.
"""

from __future__ import annotations

# fmt: off
# -- the act of voting ------------------------------------------------------------------------
VOTE_WORDS = (
    "nyoblos", "coblos", "mencoblos", "coblosan", "milih", "memilih", "mile", "mele", "pemilihan",
    "hak pilih", "ke tps", "nang tps", "ka tps", "dhateng tps", "ning tps", "dateng ke tps",
    "datang ke tps", "nyoblose", "nyoblosnya", "nyoblossa",
)
# Only words that name one's own voting: "percuma ... TPS belum buka" is not about voting, and
# "apa gunanya pilkada" is about the election (cynicism), not about the writer's vote.
VOTE_VERBS = (
    "nyoblos", "coblos", "mencoblos", "milih", "memilih", "mile", "mele", "nyoblose",
    "nyoblosnya", "coblosan",
)
# Negation or refusal words that, before a voting word, make a statement of not voting.
REFUSAL = (
    "tidak", "ora", "ra", "mboten", "ta'", "emoh", "moh", "ogah", "wegah", "males", "malas",
    "enggan", "skip", "absen", "boikot", "mogok", "tidak usah", "ora usah", "ra usah", "ra sah",
    "ta' usah", "ta' parlo", "tidak perlu", "ora perlu", "tidak minat", "ora minat",
    "tidak bakalan", "nggak bakalan", "tidak bakal", "ora bakal", "ta' endâ'", "ta' terro",
    "ta' kera", "ogah-ogahan",
)
# Between a refusal and a voting word these make it inability (a barrier), not intent.
INABILITY = (
    "bisa", "iso", "isa", "saged", "sempat", "sempet", "kuat", "kowat", "mungkin", "keburu",
    "dapat", "oleh", "boleh", "kennèng", "kenneng", "percaya", "percoyo", "yakin", "tahu",
    "ngerti", "paham", "suka", "seneng", "setuju", "ada", "ono", "bada", "yang", "sing", "se",
    "enga'", "inget", "ingat", "lupa", "lali", "loppa", "izin", "ijin", "ngizinin",
    "mengizinkan", "kasih", "ngasih", "libur", "prei", "olle", "dapet", "terima", "nerima",
    "nampi", "pikantuk", "undangan", "percuma", "guna", "gunanya", "bener",
    "benar", "kalau", "kalo", "nek", "lek", "mon", "soal", "tentang", "buat", "untuk", "jadi",
)
# "Why bother": before a voting word (or right after it) the writer sees no point in voting.
POINTLESS = (
    "percuma", "ngapain", "ngopo", "ngapa", "buat apa", "untuk apa", "apa gunanya",
    "opo gunane", "gawe opo", "kanggo opo", "apa gunana", "ta' parlo", "ora ono gunane",
    "tidak ada gunanya", "ta' bada gunana", "tada' gunana", "ra ono gunane", "nggak guna",
    "tidak berguna", "kenapa harus",
)
# Direct statements that need no voting word next to them.
GOLPUT_DIRECT = (
    "golput", "golongan putih", "coblos semua", "surat suara kosong", "kosongin surat suara",
    "kosongkan surat suara", "biar tidak sah", "biar batal", "boikot pilkada", "boikot pemilu",
    "skip pilkada", "skip coblosan", "skip nyoblos", "absen dari tps", "absen nyoblos",
    "golput is my choice", "biar nganggur", "pilih tidak milih", "memilih untuk tidak memilih",
    "saya absen", "aku absen", "absen dulu", "sengko' absen",
)
# "mending X daripada nyoblos": a preference for something else over voting.
PREFER = ("mending", "mendingan", "lebih baik", "lebbi bagus", "luwih apik", "mending ae")
INSTEAD = ("daripada", "drpd", "timbang", "ketimbang", "tembhang", "tinimbang")
# Words right before a golput word that make it the opposite, a topic or a hypothesis.
GOLPUT_BLOCK_BEFORE = (
    "jangan", "ojo", "ja'", "jha'", "stop", "tolak", "anti", "kalau", "kalo", "nek", "lek",
    "mon", "yang", "sing", "se", "apa", "apakah", "rawan", "bahaya", "angka", "tingkat", "cegah",
    "kurangi", "mengurangi", "sanksi", "bukan", "dudu", "ajak", "ngajak", "alasan", "sampai",
    "sampe", "berniat", "kampanye", "lawan", "hindari", "yg", "bagi",
)
# A golput word followed by these is talked about, not announced ("golput itu rugi").
GOLPUT_BLOCK_AFTER = (
    "rugi", "bukan solusi", "bukan pilihan", "merugikan", "tidak akan mengubah", "dosa", "haram",
    "didenda", "denda", "sanksi", "dipenjara", "penjara", "rugi dewe", "itu rugi", "berkurang",
    "turun", "naik", "tinggi", "bisa bikin", "hanya merugikan",
)
# Earlier intent given up ("tadinya mau golput, tapi...", "gak jadi golput").
CHANGED_BEFORE = (
    "tadinya", "awalnya", "sempat", "sempet", "hampir", "niatnya", "niat e", "niate", "mau ne",
    "maune", "dulu", "biyen", "mbiyen", "lamba'", "ghalla'", "pernah", "tidak jadi", "ora sido",
    "ra sido", "batal", "rencana", "rencananya", "2020", "dulunya",
    "ta' seda",
)
# After the golput words: a contrast, then voting after all.
REVERSAL = (
    "tapi", "tapè", "tape", "tetapi", "saiki", "sekarang", "sateya", "satea", "akhirnya",
    "akhire", "ternyata", "untung", "tahun ini", "taun iki", "malah", "jadi",
)
REVERSAL_VOTE = (
    "nyoblos", "memilih", "milih", "ke tps", "nang tps", "ka tps", "datang", "semangat", "yakin",
    "mantap", "relawan", "kpps", "sido", "ora sido", "tidak jadi", "gak jadi", "batal", "sadar",
    "punya pilihan", "ikut memilih", "enda'", "terro", "beda",
)
# Reported speech and rumour: the words are someone else's, or only heard of.
REPORTED = (
    "katanya", "kata orang", "kabarnya", "dengar-dengar", "denger-denger", "isunya", "jare",
    "jarene", "ca'na", "ada yang bilang", "ada yg bilang", "orang bilang",
    "kata siapa", "siapa bilang", "survei", "survey", "berita", "bada se ngoca'",
    "wong-wong ngomong", "ada yang ngajak", "kancaku ngomong", "teman saya bilang",
    "tetangga nanya", "orang-orang bilang", "jare wong-wong", "ngajak golput",
)
# After quoted or reported words: the writer disagrees.
DISAGREE = (
    "tidak setuju", "ora sepakat", "tidak sepakat", "semoga tidak bener", "jangan diikuti",
    "tetap nyoblos", "tetep nyoblos", "saya bilang jangan", "ja' ekaedhi'", "padahal",
    "jangan digeneralisir", "tidak bener", "salah",
)

# -- cynicism ---------------------------------------------------------------------------------
# Distrust of politicians or the process as a class, enough on their own.
CYNIC_STRONG = (
    "janji doang", "janji saja", "janji aja", "cuma janji", "hanya janji", "janji thok",
    "janji tok", "mung janji", "ghun janji", "janji bhai", "janji-janji thok", "janji belaka",
    "janji manis", "janji palsu", "janji kosong", "janji tinggal janji", "numpuk janji",
    "obral janji", "jago janji", "tukang janji", "omong doang", "omdo", "ngomong thok",
    "ngomong tok", "ngomong doang", "php", "pemberi harapan palsu", "pemanis bibir",
    "lupa rakyat", "lupa sama rakyat", "lupa dengan rakyat", "lali karo rakyat", "lali rakyat",
    "loppa ka rakyat", "lupa sama yang milih", "lali karo sing milih", "lupa janji",
    "lali janji", "habis manis sepah dibuang", "butuh suara", "butuh suarane",
    "lima tahun sekali", "5 tahun sekali", "musim kampanye", "politik kotor", "politik itu kotor",
    "politik iku reged", "politik reged", "politik busuk", "politisi busuk", "tikus berdasi",
    "balik modal", "cari kursi", "nyare korse", "bagi-bagi jabatan", "bagi-bagi kursi",
    "bagi-bagi kekuasaan", "bagi-bagi proyek", "bagi jabatan", "kepentingan partai",
    "kepentingan sendiri", "kepentingan golongan", "mikirin partainya", "mikir partaine",
    "mekker partaina", "mekker dhibi'", "mikir awake dhewe", "memperkaya diri", "perut sendiri",
    "kantong sendiri", "dinasti", "oligarki", "pesta para elite", "pesta elite",
    "dolanan wong duwur", "jadi penonton", "dadi penonton", "dijadikan alat",
    "dimanfaatkan pas pemilu", "pengkhianatan", "pengkhianat", "namanya juga politik",
    "tipu-tipu", "tukang ngapusi", "ngapusi rakyat", "ngibul", "ora iso dipercoyo",
    "tidak bisa dipercaya", "tidak bisa dipercayai", "ta' parcaja", "mboten pitados",
    "hasilnya sudah diatur", "pemenangnya sudah diatur", "semua sudah diatur",
    "wes diatur sing menang", "sudah ditentukan", "wes ditentokno", "pasti curang",
    "main curang", "curang iki", "curang ini", "settingan", "sandiwara", "drama politik",
    "cuma formalitas", "hanya formalitas", "mung formalitas", "ghun formalitas",
    "formalitas doang", "pencitraan", "korupsi terus", "korupsi juga", "ujungnya korupsi",
    "ujung-ujungnya korupsi", "koruptor", "sama busuknya", "sama busuk", "rakyat tetap susah",
    "rakyat kecil tetap", "wong cilik tetep", "wong cilik yo tetep", "oreng kene' tetep",
    "rakyat tetep mesken", "rakyat cilik ora diopeni", "tidak ada yang berubah",
    "tidak ada perubahan", "ta' bada se aoba", "gak ada yang layak", "tidak ada yang layak",
    "tidak ada yg layak", "tada' se bagus", "ora ono sing jujur", "tidak ada yang jujur",
    "tidak ada yang peduli", "ora ono sing mikir", "ora ono sing peduli", "rakyat tidak percaya",
    "rakyat ga percaya", "pantes rakyat", "cuma cari panggung", "program cuma di atas kertas",
    "wakil partai", "beda baju", "beda klambi", "lupa daratan", "kursi empuk", "ajang bagi-bagi",
    "janjine manis", "janji surga", "muak dengan janji", "tidak percaya lagi",
    "tidak percaya sama politikus", "percoyo karo janji", "percaya sama janji",
    "percaya janji", "lupa sama kita", "lali karo awake dhewe", "loppa ka kaula",
    "nanti juga lupa", "engko yo lali", "mengko yo lali", "tidak ada calon yang",
    "ora ono calon sing", "pembohong", "ujungnya sama", "ujung-ujungnya sama",
    "hasilnya sama aja", "hasilnya sama saja", "rakyat yang susah", "bukan buat rakyat",
    "bukan untuk rakyat", "pesta demokrasi buat mereka", "cuma dipakai", "cuma dimanfaatkan",
    "suara kita cuma", "tidak pernah ditepati", "tidak ditepati", "ora tau ditepati",
    "ora tau mrene", "tidak pernah datang lagi", "tidak pernah kesini lagi",
    "tidak pernah muncul lagi", "pas kampanye bhai", "pas kampanye aja", "pas kampanye tok",
    "cuma pas kampanye", "pas kampanye doang", "kampanye doang", "politik iku kotor",
    "kalau jadi pasti berubah", "semua diatur", "sudah bisa ditebak", "mikirin kursi",
    "mikir kursi", "janji politik", "buat dilanggar", "percuma lapor", "percuma protes",
    "percuma ngadu", "tidak bakal ditanggepin", "tidak bakal ditanggapi", "apa gunanya pilkada",
    "percuma pilkada", "buat apa pilkada", "opo gunane pilkada", "apa gunanya pemilu",
    "wes dadi lali", "setelah jadi lupa", "menang ilang",
    "menang loppa", "menang lupa", "menang lali", "jadi lupa", "dadi lali", "nyatane nol",
    "realisasinya nol", "kerjone nol", "nol kerja", "habis itu ngilang", "lali karo wong deso",
    "ta' enga' ka rakyat", "lupa sama rakyatnya", "sibuk bagi-bagi", "ta' eperhatiagi",
    "ta' eperhatiaghi", "tidak diperhatikan", "tidak pernah diperhatikan", "ora digatekno",
    "ora diopeni",
)
# Only with a political subject in the text ("sama aja" alone is about anything).
CYNIC_WEAK = (
    "sama saja", "sama aja", "sama ae", "podo ae", "podo wae", "padha bhai", "pada bhai",
    "pada saja", "podo ae kabeh", "tidak ada bedanya", "apa bedanya", "ora ono bedane",
    "begitu-begitu saja", "begitu-begitu aja", "gitu-gitu aja", "gini-gini aja",
    "ngene-ngene ae", "ngono-ngono ae", "tetap rusak", "tetep rusak", "tetap susah",
    "tetep susah", "tetap miskin", "tetap mahal", "tetep larang", "tetep murah", "tetap gelap",
    "tetep bolong", "tetap berlubang", "masih rusak", "yo rusak", "tetep rosak", "tetep rosak",
    "masih batu", "tetap sama", "tetep pada", "tetep ngono", "tidak ngaruh", "ta' ngaruh",
    "tidak berpengaruh", "tidak mengubah", "tidak ngubah", "janji", "janjine", "janjinya",
    "lupa", "lali", "loppa", "korupsi", "curang", "tidak yakin", "ketebak", "ditentukan",
    "formalitas", "jujur", "buktine", "buktina", "buktinya mana",
    "ganti-ganti", "pencitraan", "sudah diatur", "wes diatur", "ngapusi", "tetep mesken",
    "tetap melarat", "tetep mlarat", "ghi' bhai rosak", "ghi' rosak",
)
# A political subject: the weak cues above count only with one of these in the text.
POLITICAL = (
    "calon", "calone", "calonnya", "paslon", "bupati", "bupatine", "bupatinya", "bupatina",
    "pemimpin", "pejabat", "politikus", "politisi", "politik", "partai", "elite", "elit",
    "dpr", "dprd", "wakil rakyat", "pemilu", "pilkada", "kampanye", "menang", "dadi", "dhaddhi",
    "terpilih", "nyoblos", "milih", "memilih", "coblosan", "mile", "siapa pun", "siapapun",
    "sopo ae", "sopo wae", "sapa bhai", "kabeh", "semua", "semuanya", "kabbhi", "mereka",
    "rakyat", "wong cilik", "pemerintah", "kpu", "hasil", "hasilnya", "pemenangnya",
    "kursi", "jabatan", "timses", "ganti", "lungguh", "duduk", "jadi",
)
# Words that make the target a class (all of them, politicians, whoever wins...).
CLASS = (
    "semua", "semuanya", "kabeh", "kabbhi", "para", "mereka", "politikus", "politisi",
    "pejabat", "elite", "elit", "partai", "siapa pun", "siapapun", "sopo ae", "sopo wae",
    "sapa bhai", "calon-calon", "calon2", "wakil rakyat", "setiap", "selalu", "biasa",
    "dari dulu", "dari zaman", "tiap", "mana pun", "manapun", "yang mana juga", "ganti bupati",
    "bupatine ganti", "bupatinya", "bupati ke bupati", "berapa bupati", "ping", "kali ganti",
    "sing gedhe-gedhe", "sing gede-gede", "wong politik", "lima tahun", "5 tahun", "rakyat",
    "berkali-kali", "ganti pemimpin", "ganti wong", "ganti orang", "bupati ganti", "sing dadi",
    "se dhaddhi", "yang jadi", "dhari lamba'",
    "bupatina ganti", "bupatine", "calon-calone", "nyoblos ora nyoblos", "milih ora milih",
    "mile ta' mile", "nyoblos ta' nyoblos", "kali pilkada", "tiga kali", "kali ganti",
)
# A named or numbered side: criticism of one candidate, not of the class.
SPECIFIC = (
    "paslon 1", "paslon 2", "paslon 01", "paslon 02", "nomor 1", "nomor 2", "nomor satu",
    "nomor dua", "no 1", "no 2", "nomer siji", "nomer loro", "nomer settong", "nomer dua",
    "calon nomor", "calon nomer", "01", "02", "petahana", "incumbent", "bupati sekarang",
    "bupati yang sekarang", "bupati saiki", "bupatine saiki", "bupati sateya", "bupati lama",
    "bupati yang lama", "sebelah", "calon itu", "yang satu", "sing siji", "se settong",
    "wakil bupati", "cawabup", "cabup", "pak bupati", "sing lawas", "yang lama", "beliau",
    "calon saya", "calon favorit",
)
# Backing a side: with these, criticism is campaigning, not cynicism.
SUPPORT = (
    "pilih paslon", "pilih nomor", "pilih no", "pilih yang", "pilih sing", "pele nomer",
    "pele se", "milih nomer", "milih nomor", "coblos nomor", "coblos no", "dukung", "menangkan",
    "menangno", "lanjutkan", "saatnya ganti", "giliran", "wayahe", "ayo ganti", "ganti saja",
    "pindah dukungan", "pilihan jelas", "ganti ke", "sudah terbukti", "wes kebukti",
    "sudah kerja nyata", "pilih sing", "yang sudah terbukti", "cek rekam jejak", "sing siji wes",
    "se dua lakar", "jangan pilih", "ojo milih", "ja' mele",
)
# Hope, watchfulness or advice around promises: civic, not cynical.
CIVIC = (
    "semoga", "mugo", "mugi", "moga", "kawal", "tagih", "ditagih", "harus", "kudu",
    "jangan lupa", "ojo lali", "ditepati", "sudah jadi", "sudah dibangun", "sudah diperbaiki",
    "wes didandani", "terima kasih", "suwun", "amanah", "insyaallah", "tidak semua", "ora kabeh",
    "ta' kabbhi", "jangan pukul rata", "masih ada", "mungkin", "menarik", "harus amanah",
)

# -- money decides ----------------------------------------------------------------------------
# A claim that money decides who wins (also cynicism: the process is bought).
MONEY_CLAIM = (
    "yang banyak duit", "yang duitnya", "duitnya paling banyak", "banyak duitnya",
    "yang banyak uang", "duit yang menang", "uang yang menang", "uang yang menentukan",
    "uang yang bicara", "menang yang bayar", "sing sugih sing", "sugih ae sing", "sing duwite akeh",
    "se andi' pesse", "bannya' pessena", "se bannya' pesse", "suara rakyat bisa dibeli",
    "suarane wong cilik iso dituku", "iso dituku", "bisa dibeli", "bagi amplop, jadi sama",
    "semua calon bagi amplop", "yang menang pasti yang",
)
# Voting for whoever pays: the writer's own deal.
MONEY_DEAL = (
    "wani piro", "wani pira", "npwp", "nomer piro wani piro", "berempa pessena", "pesse berempa",
    "berapa amplop", "amplopnya berapa", "amplop berapa", "pira amplop", "yang penting amplop",
    "yang penting ada amplop", "sing penting amplop", "nunggu serangan fajar",
    "nunggu amplop", "ngantos pesse", "ngantos amplop", "ngantosa pesse", "siapa bayar",
    "siapa yang bayar", "sopo sing wani mbayar", "sapa se majar", "serangan fajarnya kapan",
    "tidak ada amplop", "ora ono amplop", "ora ono duite", "tidak dibayar",
    "ta' bada pesse", "pira amplop e",
)
# Reports of money politics and advice against it: a violation report, not apathy.
MONEY_REPORT = (
    "ada serangan fajar", "ada yang bagi", "ono sing bagi", "bada se abagi", "lapor",
    "laporkan", "laporno", "bawaslu", "tolak", "jangan terima", "jangan mau", "ojo gelem",
    "tidak ada politik uang", "ora ono serangan fajar",
)

# -- barriers ---------------------------------------------------------------------------------
# Any explicit "cannot vote" (the kind comes from the words below or the classifier).
CANNOT_VOTE = (
    "tidak bisa nyoblos", "tidak bisa milih", "tidak bisa memilih", "tidak bisa ikut milih",
    "tidak bisa ikut nyoblos", "tidak bisa ikut pilkada", "tidak bisa pulang nyoblos",
    "ora iso nyoblos", "ora iso milih", "ora iso melu milih", "ora iso melu nyoblos",
    "ta' bisa nyoblos", "ta' bisa mile", "mboten saged nyoblos", "tidak bisa ke tps",
    "ora iso nang tps", "ta' bisa ka tps", "tidak mungkin ke tps", "tidak sempat nyoblos",
    "ta' sempat nyoblos", "tidak sempat ke tps", "kehilangan hak pilih", "hak pilih saya",
    "terancam tidak bisa", "tidak bisa datang ke tps", "ora iso mulih", "ta' bisa mole",
    "tidak bisa pulang", "mboten saged wangsul", "ora iso bali", "ta' mole",
    "tidak sempat pulang", "ora sempat mulih", "tidak bisa mudik", "tidak iso mulih",
    "mboten saged mantuk", "tidak iso nyoblos", "tidak iso bali", "tidak iso nang tps",
)
# not_registered: a name missing from the voter list, never visited by the registrars.
REG_STATE = (
    "tidak ada", "tidak muncul", "tidak terdaftar", "tidak kedaftar", "tidak masuk",
    "tidak ditemukan", "tidak kedata", "tidak terdata", "belum terdaftar", "belum masuk",
    "belum ada", "belum terdata", "belum kedata", "belum didata", "belum dicoklit",
    "durung kedaftar", "durung mlebu", "durung ono", "durung didata", "durung dicoklit",
    "dereng kedaftar", "dereng kadaftar", "ora ono", "ora metu", "ora kedaftar", "ta' bada",
    "tidak ono", "tidak kedaftar", "durung terdaftar", "belum pernah didata",
    "tidak pernah didata", "belum pada", "belum didatangi", "durung didatangi",
    "belum pernah didatangi",
    "ta' etoles", "ghi' ta' etoles", "gi' ta' etoles", "hilang", "ilang", "elang", "dicoret",
    "coret", "tms", "tidak pernah didatangi", "tidak pernah datang", "ta' edatenge",
    "gi' ta' eda'te", "ghi' ta' edatenge", "durung didatengi", "gak kedata", "masih bisa daftar",
)
REG_OBJECT = (
    "dpt", "daftar pemilih", "dafter pemilih", "terdaftar", "kedaftar", "kadaftar", "terdata",
    "didata", "dicoklit", "coklit", "etoles", "pantarlih", "cekdptonline", "cek dpt",
    "daftar", "petugas coklit", "tms", "kedata",
)
# Registration for something else ("belum terdaftar BPJS").
REG_OTHER = ("bpjs", "kis", "pkh", "bansos", "sekolah", "kuliah", "ktp")
# away_from_home: working, studying or living outside the regency.
AWAY = (
    "merantau", "rantau", "perantau", "perantauan", "luar kota", "luar negeri", "luar pulau",
    "luar daerah", "tki", "tkw", "pmi", "pekerja migran", "ngekos", "kos di", "mondok",
    "mondhuk", "pondok", "pesantren", "santri", "kuliah", "dinas di", "pelaut",
    "di kapal", "kapal pesiar", "domisili", "ktp luar kota", "alajar", "kerja di luar",
)
# Places outside the regency: they count after an activity word ("kerja di Bali").
AWAY_PLACES = (
    "batam", "surabaya", "suroboyo", "malang", "bali", "jakarta", "kalimantan", "malaysia",
    "hongkong", "taiwan", "arab", "jogja", "yogyakarta", "bandung", "sidoarjo", "denpasar",
    "banyuwangi", "kediri", "semarang", "papua", "sumatra", "singapura", "korea", "jepang",
    "sidogiri", "pasuruan", "probolinggo", "lumajang", "bondowoso", "situbondo", "madura",
    "gresik", "mojokerto", "luar jember",
)
AWAY_ACTIVITY = (
    "kerja", "kerjo", "alako", "kuliah", "tinggal", "dinas", "mondok", "mondhuk", "ngekos",
    "merantau", "nyambut damel", "nyambut gawe", "domisili", "sekolah", "lagi", "posisi",
    "masih", "kabeh nang", "akeh sing nang",
)
# no_invitation: the C6 / C-Pemberitahuan letter.
INVITATION = (
    "undangan", "undanganku", "undangan e", "c6", "c pemberitahuan", "c-pemberitahuan",
    "surat pemberitahuan", "serat undangan", "surat undangan", "undangan memilih",
    "undangan nyoblos",
)
INVITATION_STATE = (
    "belum", "durung", "dereng", "tidak", "ora", "ta'", "ghi' ta'", "gi' ta'", "hilang", "ilang",
    "nyasar", "kliru", "salah", "h+1", "telat", "terlambat", "tidak sampai", "tidak dapat",
    "tidak dapet", "tidak dikasih", "ora diwenehno", "ta' eparenge", "tidak ada", "belum ada",
    "cuma datang", "dimakan rayap",
)
# Not the voting letter: a wedding, a meeting.
INVITATION_OTHER = ("nikah", "nikahan", "mantenan", "walimah", "hajatan", "rapat", "pengajian")
# no_id_card: no (usable) e-KTP.
ID_CARD = ("ktp", "e-ktp", "ektp", "kartu tanda penduduk", "ktpnya", "ktpne", "ktp-ku", "ktp-ne")
ID_STATE = (
    "hilang", "ilang", "elang", "belum jadi", "durung dadi", "ghi' ta' dhaddhi", "ta' dhaddhi",
    "rusak", "rosak", "patah", "ketinggalan", "dicopet", "kecopetan", "terbakar", "disita",
    "belum punya", "tidak punya", "durung duwe", "durung nduwe", "ta' andi'", "dereng gadhah",
    "belum rekam", "belum dicetak", "belum cetak", "blangko", "masih diproses", "diproses",
    "kecemplung", "ajur", "hangus", "durung dijupuk", "belum diambil", "masih di dukcapil",
    "ora kewoco", "ora kenek diwoco", "tidak terbaca", "ora kebaca", "ta' ekenneng",
    "ta' ekennenge", "lagi ngurus", "belum diganti",
)
# work_or_health: a shift, no day off, illness, old age, childbirth, disability.
WORK_STRONG = (
    "kerja shift", "shift", "lembur", "jaga malam", "jaga toko", "ajaga toko", "jaga pasien",
    "dinas pagi", "dinas malam", "piket", "masuk kerja", "mlebu kerjo", "tidak libur",
    "ora libur", "ora prei", "ta' prei", "tidak diliburkan", "ora oleh prei", "mboten prei",
    "mboten wonten prei", "ta' eparenge prei", "tidak ada libur", "tidak kasih izin",
    "tidak ngizinin", "melaut", "tetap jaga", "tidak oleh prei", "tidak dapat libur",
    "tidak meliburkan", "tidak prei", "tidak dikasih libur", "ora menehi prei",
    "ora diwenehi prei",
)
HEALTH = (
    "sakit", "loro", "sake'", "gerah", "stroke", "lumpuh", "opname", "rawat inap", "dirawat",
    "rumah sakit", "rumah saket", "rs", "operasi", "melahirkan", "hamil", "hpl", "sepuh",
    "pikun", "tunanetra", "buta", "isolasi", "tidak kuat", "ora kuat", "ta' kowat",
    "tidak bisa jalan", "ora iso mlaku", "susah jalan", "lansia", "tidak kuat mlaku",
)
# A job is a barrier only with a schedule or a "cannot" in the text ("mending kerja" is not).
WORK_GENERIC = (
    "kerja", "kerjo", "alako", "nyambut damel", "nyambut gawe", "sopir", "satpam", "perawat",
    "buruh", "panen", "tambak", "nelayan", "jaga", "dinas",
)
WORK_SCHEDULE = (
    "libur", "prei", "izin", "cuti", "27", "sesuk", "besok", "lagghu", "pas coblosan",
    "seharian", "sampai sore", "sampe sore", "sampai malam", "tanggal segitu", "lagi di jalan",
    "tidak sempat", "ta' sempat", "ora sempat",
)
# Health or work talk for another purpose ("mohon doanya", "gajinya lumayan").
WORK_HEALTH_OTHER = (
    "mohon doa", "mohon doanya", "doanya", "nyuwun pandonga", "nyuwun pandonganipun", "do'ana",
    "gajinya", "gaji", "antrinya", "capek tapi",
)
# tps_access: the polling station is far or cut off.
TPS_WORDS = ("tps", "tempat nyoblos", "tempat coblos", "tempat nyoblosnya", "tps nya", "tpse")
TPS_OBSTACLE = (
    "jauh", "adoh", "jhau", "tebih", "km", "ujung kampung", "nyebrang", "nyabrang", "nyebbhar",
    "bukit", "gunung", "gunong", "lereng", "tangga", "undak-undakan", "lantai dua",
    "lantai atas", "kursi roda", "tidak ada kendaraan", "tidak ada angkutan",
    "ora ono kendaraan", "ra ono angkutan", "ta' bada kendaraan", "tidak ada angkot",
    "ora ono angkot", "tidak ada ojek", "ongkos ojek", "jalan setapak", "terisolir",
    "perahu", "memutar jauh", "pelosok", "desa induk", "desa sebelah", "dhisa laen",
    "tidak bisa dilewati", "ora iso dilewati", "ta' bisa elebadhi", "tidak bisa lewat",
)
# Obstacles on the way: they need a route word ("jalan ke TPS banjir"; "TPS dipindah karena
# banjir" is not about getting there).
TPS_ROUTE_OBSTACLE = (
    "banjir", "rusak", "rosak", "becek", "lunyu", "kali", "sungai", "songay", "putus",
    "tidak bisa lewat", "iso lewat", "susah dilewati",
)
TPS_ROUTE = (
    "jalan ke", "jalan menuju", "dalan nang", "dalan ke", "jhalan ka", "akses", "ke tps",
    "nang tps", "ka tps", "menuju tps", "jembatan", "jalan",
)
# Words that say the obstacle is gone or the barrier overcome.
RESOLVED = (
    "sudah terdaftar", "wes ono", "la bada", "sudah datang", "wes teko", "la olle",
    "sudah dapat", "sudah diurus", "sudah urus", "sudah pindah memilih", "sudah jadi",
    "wes dadi", "la dhaddhi", "dekat", "cedhak", "dakke'", "sudah diperbaiki", "sudah diaspal",
    "diliburkan", "pulang kampung khusus", "pulang untuk nyoblos", "pulang buat nyoblos",
    "mudik buat nyoblos", "mudik tgl", "pulang tgl", "mulih gawe nyoblos",
    "tetap nyoblos", "tetep nyoblos", "sempatkan", "tetap bisa", "kasih izin", "dijemput",
    "dibantu petugas", "dilayani", "alhamdulillah", "syukurlah", "lega", "aman", "siap nyoblos",
    "sudah dibagi", "dibagi semua", "wes dibagi", "sudah sampai", "terima kasih", "suwun",
    "tidak jauh lagi", "sudah diperpanjang", "sempat hilang tapi", "sudah saya coba", "beres",
    "tinggal nyoblos", "tinggal jalan", "sudah diganti", "tetap datang", "nyoblos sore",
    "nyoblos siang", "nyoblos pagi", "setelah pulang", "baru nyoblos", "habis itu nyoblos",
    "sebelum kerja", "sempat nyoblos", "jemput", "sudah nyoblos", "wes nyoblos", "la nyoblos",
)
# Advice or rules for others, said as a statement: information, not the writer's problem.
INFO_FOR_OTHERS = (
    "bagi pemilih", "bagi yang", "bagi perantau", "info buat", "jangan sampai", "ojo nganti",
    "ja' sampe", "ayo cek", "tips",
    "silakan", "bisa pakai", "bisa menggunakan", "iso ngurus", "ternyata gampang",
    "hubungi", "tetap bisa nyoblos", "iso nggowo", "tidak wajib", "yang penting ktp",
    "sing kerjo adoh", "bisa dilayani", "dapat menggunakan", "perantau bisa", "bisa didampingi",
    "info pindah memilih",
)
# Purposes of an ID card that have nothing to do with voting.
ID_OTHER_PURPOSE = (
    "dukcapil", "bpjs", "bank", "sim", "paspor", "online", "ngurus e", "urus ke", "urus di",
    "urusnya", "ngurusnya",
)
# Context that a practical problem concerns voting (the election, voting day, the TPS).
VOTING_CONTEXT = (
    "nyoblos", "coblos", "coblosan", "milih", "memilih", "mile", "pemilihan", "pilkada",
    "pemilu", "tps", "hak pilih", "ikut milih", "27", "golput", "tanggal segitu", "hari h", "kpps",
    "libur", "prei", "pindah memilih", "dptb", "dpt", "surat suara", "nyoblose", "nyoblosnya",
    "nyoblossa", "izin", "cuti", "sesuk", "besok", "lagghu",
)
# fmt: on

BARRIER_KINDS = (
    "not_registered",
    "away_from_home",
    "no_invitation",
    "no_id_card",
    "work_or_health",
    "tps_access",
)
