package signing

import (
	"bytes"
	"fmt"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"
)

// hash is the message hash of every signature made here: SHA-512, the
// default of ssh-keygen -Y sign. Both SSHSIG hashes are accepted.
const hash = sshsig.HashSHA512

// Sign signs s with signer and returns the armored signature ("-----BEGIN
// SSH SIGNATURE-----"), the text `ssh-keygen -Y sign` writes.
func Sign(s Statement, signer ssh.Signer) (string, error) {
	sig, err := sshsig.Sign(bytes.NewReader(s.Encode()), signer, hash, Namespace)
	if err != nil {
		return "", err
	}
	return string(sshsig.Armor(sig)), nil
}

// Failure is why a signature does not verify.
type Failure int

// Failures of Verify.
const (
	// Unreadable: not an armored SSH signature of this namespace.
	Unreadable Failure = iota + 1
	// NotAllowed: a valid signature, by a key the allowed signers do not
	// list for the principal (at the statement's time, in this namespace).
	NotAllowed
	// Invalid: the signature does not match the statement.
	Invalid
)

// VerifyError is a signature that does not verify.
type VerifyError struct {
	Failure Failure
	// Key is the SHA256 fingerprint of the signing key ("" if unreadable).
	Key string
	Err error
}

func (e *VerifyError) Error() string {
	switch e.Failure {
	case NotAllowed:
		return fmt.Sprintf("key %s is not allowed", e.Key)
	case Invalid:
		return "the signature does not match"
	}
	return fmt.Sprintf("the signature cannot be read (%v)", e.Err)
}

// Verify checks that armored is a signature of s by a key that allowed
// lets s.Principal use at s.At.
func Verify(allowed *AllowedSigners, s Statement, armored string) error {
	sig, err := sshsig.Unarmor([]byte(armored))
	if err != nil {
		return &VerifyError{Failure: Unreadable, Err: err}
	}
	if sig.Namespace != Namespace {
		return &VerifyError{Failure: Unreadable, Err: fmt.Errorf("namespace %q, not %q", sig.Namespace, Namespace)}
	}
	fp := ssh.FingerprintSHA256(sig.PublicKey)
	if !allowed.Allows(s.Principal, sig.PublicKey, s.At) {
		return &VerifyError{Failure: NotAllowed, Key: fp}
	}
	if err := sshsig.Verify(bytes.NewReader(s.Encode()), sig, sig.PublicKey, sig.HashAlgorithm, Namespace); err != nil {
		return &VerifyError{Failure: Invalid, Key: fp, Err: err}
	}
	return nil
}
