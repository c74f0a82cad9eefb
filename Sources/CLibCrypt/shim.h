// The system's libxcrypt (Debian libcrypt-dev): crypt_rn checks bcrypt, SHA-crypt, MD5-crypt and DES crypt hashes.
#include <crypt.h>
