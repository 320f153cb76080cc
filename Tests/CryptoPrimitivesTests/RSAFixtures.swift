import CryptoPrimitives

/// Keys generated once per test run and shared by the RSA tests, since generation is slow.
enum RSAFixtures {
    static let key = Result { () throws(CryptoFailure) in try RSAPrivateKey() }
    static let otherKey = Result { () throws(CryptoFailure) in try RSAPrivateKey() }

    /// RFC 7515 Appendix A.2: the RS256 example's public key, signing input and signature.
    enum RFC7515 {
        static let modulus = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL"
            + "-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXB"
            + "dQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8"
            + "q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"
        static let exponent = "AQAB"
        static let signingInput = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtc"
            + "GxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        static let signature = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W"
            + "2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0G"
            + "arZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98r"
            + "qVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"
    }

    /// A PKCS#8 PEM holding a P-256 EC key, which is not an RSA key.
    static let ecPrivateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgl4S4o2gRyuN2XsMH
        2gT7kGL1KV5CSRr3JTZrjMmqsQyhRANCAAS7zKWce4WSGlO9eUGMdOGUH2EHgNaB
        K9eHtUn8TRcFH/cL4fPVzNhVAtm/2/c3vl+r6rkGxT8E2ymKxWjCB63b
        -----END PRIVATE KEY-----
        """
}
