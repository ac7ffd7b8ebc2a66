package signing

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// KeySource says where the signing key comes from: a file, or the SSH
// agent at AgentSocket (SSH_AUTH_SOCK).
type KeySource struct {
	// Path is a private key file, or a public key file whose private half
	// is in the agent (as git's user.signingKey); "" = the agent alone.
	Path        string
	AgentSocket string
	// Want are the keys the allowed signers list for the principal: with
	// the agent alone, the first agent key among them signs.
	Want []ssh.PublicKey
}

// Open returns the signer and a function that releases it (the agent
// connection). Errors are one line naming the key and what to do.
func (k KeySource) Open() (ssh.Signer, func(), error) {
	if k.Path == "" {
		return k.fromAgent(nil)
	}
	data, err := os.ReadFile(k.Path)
	if err != nil {
		return nil, nil, fmt.Errorf("signing key %s: %v", k.Path, unwrapPath(err))
	}
	signer, err := ssh.ParsePrivateKey(data)
	if err == nil {
		return signer, func() {}, nil
	}
	var locked *ssh.PassphraseMissingError
	if errors.As(err, &locked) {
		s, done, aerr := k.fromAgent(locked.PublicKey)
		if aerr != nil {
			return nil, nil, fmt.Errorf("signing key %s is protected by a passphrase and %v; add it to the agent (`ssh-add %s`) and retry", k.Path, aerr, k.Path)
		}
		return s, done, nil
	}
	if pub, _, _, _, perr := ssh.ParseAuthorizedKey(data); perr == nil {
		s, done, aerr := k.fromAgent(pub)
		if aerr != nil {
			return nil, nil, fmt.Errorf("signing key %s is a public key and %v; add its private key to the agent (`ssh-add`), or give the private key file", k.Path, aerr)
		}
		return s, done, nil
	}
	return nil, nil, fmt.Errorf("signing key %s is not an OpenSSH private or public key (%v); give the file `ssh-keygen` wrote, e.g. ~/.ssh/id_ed25519", k.Path, err)
}

// fromAgent finds the agent's signer for key, else (key nil) the first
// agent key in k.Want.
func (k KeySource) fromAgent(key ssh.PublicKey) (ssh.Signer, func(), error) {
	if k.AgentSocket == "" {
		return nil, nil, errors.New("no SSH agent is running (SSH_AUTH_SOCK is not set)")
	}
	conn, err := net.Dial("unix", k.AgentSocket)
	if err != nil {
		return nil, nil, fmt.Errorf("the SSH agent cannot be reached (%v)", unwrapPath(err))
	}
	signers, err := agent.NewClient(conn).Signers()
	if err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("the SSH agent does not list its keys (%v)", err)
	}
	wanted := k.Want
	if key != nil {
		wanted = []ssh.PublicKey{key}
	}
	for _, w := range wanted {
		for _, s := range signers {
			if ssh.FingerprintSHA256(s.PublicKey()) == ssh.FingerprintSHA256(w) {
				return s, func() { conn.Close() }, nil
			}
		}
	}
	conn.Close()
	if key != nil {
		return nil, nil, fmt.Errorf("the SSH agent does not hold it (%s)", ssh.FingerprintSHA256(key))
	}
	return nil, nil, fmt.Errorf("the SSH agent holds none of the keys allowed for this signer (%d keys in the agent)", len(signers))
}

// unwrapPath drops the "open PATH:" prefix of os errors: messages here
// name the path already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return errors.New(strings.TrimPrefix(oe.Err.Error(), "dial unix "))
	}
	return err
}
