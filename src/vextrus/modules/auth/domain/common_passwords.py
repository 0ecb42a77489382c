"""A small shipped list of the most common passwords (lower-case).

Drawn from well-known public "most common password" rankings plus obvious local choices
(Bangladesh, Dhaka, Vextrus). It is a floor, not a breach corpus: it catches the
passwords an attacker tries first. Only entries someone could pick are relevant; the
policy compares case-insensitively.
"""

from __future__ import annotations

COMMON_PASSWORDS: frozenset[str] = frozenset(
    """
123456 123456789 12345678 12345 1234567 1234567890 123123 111111 000000 654321
123321 666666 121212 112233 987654321 1q2w3e4r 1q2w3e4r5t 1qaz2wsx qwerty qwerty123
qwerty1 qwertyuiop qwe123 asdfgh asdfghjkl zxcvbnm zxcvbnm123 abc123 abcd1234 a1b2c3d4
password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword
pa$$w0rd passwort motdepasse contraseña admin admin123 admin1234 administrator root
toor letmein letmein123 welcome welcome1 welcome123 welcome@123 iloveyou iloveyou123
princess sunshine monkey dragon football baseball soccer superman batman master
master123 shadow michael jennifer jordan23 trustno1 hello123 hellohello freedom whatever
starwars computer internet secret secret123 changeme changeme123 default guest test
test123 test1234 testing testing123 login login123 user user1234 demo demo1234
access access123 charlie donald killer hunter2 mustang ashley bailey 11111111 22222222
88888888 99999999 00000000 1111111111 0987654321 7777777 555555 159753 147258369
zaq12wsx 1234qwer qwer1234 aa123456 123456a 123456aa a123456 a12345678 password!
password@1 password@123 passwordpassword qwertyqwerty abcdefgh abcdefghij abcdef123
iloveu 5201314 google facebook youtube whatsapp linkedin microsoft apple123 samsung
nokia1234 cricket cricket123 india123 pakistan bangladesh bangladesh1 bangladesh123
bangladesh@123 bangla123 banglade$h joybangla dhaka dhaka123 dhaka1234
dhaka@123 chittagong chattogram sylhet123 sonarbangla amarsonarbangla bangabandhu
allah786 bismillah bismillah123 786786 786786786 mohammad muhammad alhamdulillah
insaallah inshallah mashallah vextrus vextrus123 vextrus@123 construction
construction1 builder123 project123 company123 office123 office@123 finance123
accounts123 account123 engineer123 manager123 director123 summer2024 winter2024
spring2024 summer2025 winter2025 january2025 december2024 1234512345 12344321
9876543210 10203040 11223344 12341234 123454321 24682468 1357924680 ab123456
""".split()  # noqa: SIM905 (a word list reads better than a literal)
)
