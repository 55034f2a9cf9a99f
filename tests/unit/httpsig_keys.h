/* httpsig_keys.h - two 2048-bit RSA key pairs for test_httpsig.c, made once
 * with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048` (and
 * `openssl pkey -pubout`): made fresh, they would be made again in each of the
 * suite's forked tests. Test keys only; they protect nothing. */
#ifndef GLOCAL_TEST_HTTPSIG_KEYS_H
#define GLOCAL_TEST_HTTPSIG_KEYS_H

static const char TEST_KEY_PRIVATE[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDW0/R1JlSEuANg\n"
    "4F0l+vf64CYt858nZUIOuE60rbwxMaIJT4QvO7q8zBl7/DRDR/lO57DHogBOhKhh\n"
    "2v9F6nY9G1fVnHGF5pkoefbaAUx94LHwrvOpXlG82z3vIPmjZL+LwOBL1i3zfdBJ\n"
    "xrnh/6OHYMx7ZOKDUDAXlMF0t3626N2H1hzH4DhjNOtLHh3+fhaJf3K0dHoD5cNV\n"
    "/UFcLoamcqS6Ma59jCCHgXYDSEA19RWQv62yKwS893VV2DxByT8FGlykLdQxKk7z\n"
    "jVMLnP6OEP/cNuY2ip9KwN6+vDc97xqzDPSyFibNVZIedDsfXlF+YxtuERFiK9+d\n"
    "Y3bEB8L5AgMBAAECggEAZgjq8Z+Agj8CP8ehBnKSyMIg8C9ntub1vpcUruVb3sOz\n"
    "shdl8ac9dQG90vFBg3lSdQM/qDoOSjzg2wWQvIz1luV/TPKOyunxcdOoBviZ86m+\n"
    "6lG2YontabV6T7NKTqyB++diwTJbxexKe1gbnrd0XM8BoFQU8Aispu6dCgpDcaz+\n"
    "t+vxD+/R8flmnOoM4XUVb9IBDe92cDp269/Mzl+aihZt6dDf2Tb9f29SskREcZF6\n"
    "+QaA1CZ4TCUTygLQPnetcAdQA8o1Vc3j1Kk81J9wJtQB3sSD71pC9fn66/G28ig4\n"
    "LVohNnxjMXbARKbu1ThFJOmxXKEKfrTUpBP46pw3LwKBgQD4DZJpei15sHACDQ1o\n"
    "TJSqdIyvcEprUogMS9lL0RbeCoyXOXc4x408ysrzTn78Rl+00lloAFpkN5t2oesi\n"
    "S/IzJrKy+m05I6HMw8pDWt6NlCXxmhetFqe+JaN1NqLXpp++490AS0QjfwE+XqWE\n"
    "I5tzLsC5AgNuSDn3gljexYBt+wKBgQDdteJ/jbEmf4VnHrvTL+Dvhsnn4IC4qmz1\n"
    "F8MYwQT9hc3yjueSkJ83HGpvbpSM5ggcHMfz5i838uQLgdstvtp4+Ea9ooNhGcTg\n"
    "oRMwq7ZroNghTalY+mYHYbHzeB07QeZgqTnPl9YEQt6P9rxK6E9eSXWRfamDozJU\n"
    "EOM7iWPEmwKBgQDQKOuGEl6ZMSQ9xGBM938GsDnje/MnryG2V+xpQHTVLrseqL3Q\n"
    "6z0uF+xKU8QixpfIMYGP0kQIt9WBr42XwW3l2QK7SYZhHfLI2EEjVt1OqFVTM4HM\n"
    "4icwXXuXgJsVJ6IE2kl61q6+rvUHNvvlMNBhz4kxeGwSnw/uEfesMsd9AwKBgQCr\n"
    "63VWGYZr5uiIHQHicjcHJcr83k6SY70XlLR5RntbJ92aIAwbz79WWdeCzwmr9FgH\n"
    "jJ3UWAL3bIY/EhPmdh8tPMCGHjWoHvZWhTC/Rfevn8rYkEMoNwrU4IG/3L02DRTa\n"
    "kX69peyT41J36gj6QQgCgg4DoqDG7c6B95JswU22zwKBgGHkTRPTpiqkQtbyzuay\n"
    "7IlAZIzY8YiAm+P9eI8rTfl4RAQVySsyJC0ptQqqn0IdC+FnaV2q6WWhu5FMFsji\n"
    "pHBwldRk6IRb1ViTrbwpyOzhIOUXvrCLR/wMcX3DerWVz0F2bn3qFT05OWVeWkx7\n"
    "REc2+HCbtDuNp4R2rDXADyTW\n"
    "-----END PRIVATE KEY-----\n";

static const char TEST_KEY_PUBLIC[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1tP0dSZUhLgDYOBdJfr3\n"
    "+uAmLfOfJ2VCDrhOtK28MTGiCU+ELzu6vMwZe/w0Q0f5Tuewx6IAToSoYdr/Rep2\n"
    "PRtX1ZxxheaZKHn22gFMfeCx8K7zqV5RvNs97yD5o2S/i8DgS9Yt833QSca54f+j\n"
    "h2DMe2Tig1AwF5TBdLd+tujdh9Ycx+A4YzTrSx4d/n4WiX9ytHR6A+XDVf1BXC6G\n"
    "pnKkujGufYwgh4F2A0hANfUVkL+tsisEvPd1Vdg8Qck/BRpcpC3UMSpO841TC5z+\n"
    "jhD/3DbmNoqfSsDevrw3Pe8aswz0shYmzVWSHnQ7H15RfmMbbhERYivfnWN2xAfC\n"
    "+QIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

static const char OTHER_KEY_PRIVATE[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCW7voiFsSJnPUg\n"
    "7i6x11wc2H8yn3V0dR+3hekOuG+HEqq8Fd/H03GUe9LKlRckg8i/zvw3o/0V5DPA\n"
    "LosBzbhvRiC7iUnfm0YQQcfG80Uzzb05ErzAvL1AXz3Ro0yMiiH0nEbNPZwPvVCS\n"
    "+I6wlI0lCPDBQLSFXX2cETjnrk/904QllMgxmd0aKD6T73u1HkfdQ5/jrWTg3Xy4\n"
    "6VfyN7i8bGuEJk6whveXSde11zpMk6SE+qVle9DVoFdd557Z/AyjK+5njFzxqL52\n"
    "2xFtSMZ4s7v2I1+MMdlOdlXKn3snziVVatTJMM536ZTc320FoGvPogzFOqN75qvn\n"
    "xZ/fGzjLAgMBAAECggEAISI3MRKUdK1LNr5y68GeTArO6ZsN2tH3c39nKT8d5KYZ\n"
    "aw7WQHTPg0wneyd9nBt+D3Vt8v0CCzM8lRzikTPLIEph1ymNWRQqLllydN9kurmY\n"
    "p5XQb/M/DImb9ZCGtneAesVv2ZCD2QSzUoBUOrlxvsaWq6X7uydJ8t/pARtIHi1h\n"
    "hLb5FFGA6lAKu5rD+PMenfp1BxdR3pFu7bphA9bQU1b/4XwUT5PVlhl+hlm2P04+\n"
    "6Z2PMY7QDbr/mCWd4gUBqZKBujou72e2vCn7cfYM2OJGyTpLxdUlfNc4JEnzz/Bm\n"
    "6cNtNM4Qj6fEfKcH4atQ5LlitD8zPKq7pA2rowyYYQKBgQDLBI9YEYmS9L9H4oM2\n"
    "7e4x8F8vQ+cXruTfH7BzH+JZNMkysmBxNkQhYyrz1bZH9k9zlCUMFJlBI+8gOowd\n"
    "dC6Rx6bkEc6GNpS5YFEijJ8mn/yF1xDVdanZ1R1By7nKNWndPL4sB+APmwJA3jaT\n"
    "d0/e0mb/qBWWrEt8p/YERPlxUQKBgQC+UrXwUx8gI11O0H/5VlZwZ8HrdopEDRjQ\n"
    "SlGhwLPtPLzOOcdT7/JsZxAgwEF2kA1PozoepKP4MAuev8L1VL2GRVYvEO8yLj8G\n"
    "bLy5RAhKgioKe14cHqoaYOeJMdbd/Cgfjx87+i4BZijTH9FtlpXUd2Fjq20NmKQ8\n"
    "dMKI7GyhWwKBgAPDhuDMGm/WB8HOaj5XdOYKHcmjiaI/xNB6JuxLeAfNWbmN4wnW\n"
    "RrcTvpUcri9xWpG6+mDZ9OlnQCSp0TUulTpwqCBsUBbe5iz1oytvzfeKWcUlcpNy\n"
    "hf6a29r/audbzCWk3aW1U6sWZZlMRVjAioOIBQ7ST+wmL5QVDRORL8qxAoGBALwY\n"
    "fltvqvlWOidkhLXlkDQzN0IAu5GZ6AYjDR5xluFF/8tI6yiXod1k1lmn6IrGv4EP\n"
    "bqdOTAdDZJiWKJXSFCUZbZ3CfMP5VKyC1tm61P7eObJ2ToI4BCFh2DKNIS/uv7DB\n"
    "ADuEe+dCEeLmNVK7WoTLH2Mjzvl6/AYL1x7/mjS1AoGBAI+CJheoGRJsgf50TbiK\n"
    "2eQHGNgVEnr6liVhNscvlLcG4WVIcDQs014ZzHI0pA8FsXKDNiwXtOUHXtSuOJOY\n"
    "i6g8L7fpWjf/8z7aUbavQGwo0SblzJC8kUruXIMhVTP3MljIdpbvZoIehJbEVQG6\n"
    "ZHfrel1rtP6wr5moDivdyuCo\n"
    "-----END PRIVATE KEY-----\n";

static const char OTHER_KEY_PUBLIC[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAlu76IhbEiZz1IO4usddc\n"
    "HNh/Mp91dHUft4XpDrhvhxKqvBXfx9NxlHvSypUXJIPIv878N6P9FeQzwC6LAc24\n"
    "b0Ygu4lJ35tGEEHHxvNFM829ORK8wLy9QF890aNMjIoh9JxGzT2cD71QkviOsJSN\n"
    "JQjwwUC0hV19nBE4565P/dOEJZTIMZndGig+k+97tR5H3UOf461k4N18uOlX8je4\n"
    "vGxrhCZOsIb3l0nXtdc6TJOkhPqlZXvQ1aBXXeee2fwMoyvuZ4xc8ai+dtsRbUjG\n"
    "eLO79iNfjDHZTnZVyp97J84lVWrUyTDOd+mU3N9tBaBrz6IMxTqje+ar58Wf3xs4\n"
    "ywIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

#endif
