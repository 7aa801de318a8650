import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * What one registry-token signature costs on this machine, single-threaded: ES256 the way
 * crossrole signs (BouncyCastle's P-256 with RFC 6979 nonces) and RS256 with a 2048-bit key (the
 * JDK's SHA256withRSA), over a signing input the size of a token's. Run with the crossrole jar on
 * the class path (it holds BouncyCastle):
 *
 * <pre>java -cp cli/target/crossrole.jar bench/registry/SigningCost.java [SECONDS]</pre>
 */
public final class SigningCost {
  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 3;
    byte[] input = new byte[560];
    new java.util.Random(1).nextBytes(input);

    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    ECPrivateKey ecKey = (ECPrivateKey) ec.generateKeyPair().getPrivate();
    X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
    ECPrivateKeyParameters bcKey =
        new ECPrivateKeyParameters(
            ecKey.getS(),
            new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH()));

    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair rsaPair = rsa.generateKeyPair();

    for (int round = 1; round <= 3; round++) {
      double es = perCall(seconds, () -> es256(bcKey, input));
      double rs = perCall(seconds, () -> rs256(rsaPair, input));
      System.out.printf(
          "round %d: ES256 (BouncyCastle P-256) %.0f µs/signature, RS256 (JDK, 2048-bit) %.0f"
              + " µs/signature%n",
          round, es, rs);
    }
  }

  interface Op {
    void run() throws Exception;
  }

  private static double perCall(long seconds, Op op) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    long n = 0;
    while (System.nanoTime() < end) {
      op.run();
      n++;
    }
    return (System.nanoTime() - start) / 1e3 / n;
  }

  private static BigInteger[] es256(ECPrivateKeyParameters key, byte[] input) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(input, 0, input.length);
    byte[] hash = new byte[32];
    digest.doFinal(hash, 0);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, key);
    return signer.generateSignature(hash);
  }

  private static byte[] rs256(KeyPair pair, byte[] input) throws Exception {
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(pair.getPrivate());
    signature.update(input);
    return signature.sign();
  }
}
