package archive.solr;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.cloud.ZkTestServer;
import org.apache.solr.common.cloud.SolrZkClient;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A SolrCloud on this machine: one ZooKeeper and N Solr nodes in this JVM, built from Solr's
 * test framework (the ZooKeeper of MiniSolrCloudCluster and its JettySolrRunner nodes).
 *
 * <pre>
 *   java archive.solr.LocalCloud [--nodes 2] [--port 8983] [--zk-port 0] [--dir var/solr]
 *        [--configset solr/configset/conf --configset-name archive] [--control]
 * </pre>
 *
 * <p>Nodes listen on --port, --port+1, ... (0: any free ports). Everything is kept under --dir,
 * so a cloud started again on the same ports finds its collections. With --configset, the
 * configset is uploaded to ZooKeeper under its name at every start. When the cloud is up, one
 * line of JSON goes to standard output: {"ready": true, "zkHost": ..., "urls": [...]}.
 *
 * <p>With --control, standard input takes commands, each answered by one JSON line: "stop I"
 * and "start I" stop and restart node I (from 0) on its port, "urls" lists the nodes, "quit"
 * stops everything. The cloud also stops when standard input closes, so a test run that dies
 * never leaves it behind. Without --control it runs until it is interrupted.
 */
public final class LocalCloud {

  /** solr.xml: the framework's, plus a boolean clause limit the archive's queries fit in. */
  private static final String SOLR_XML =
      MiniSolrCloudCluster.DEFAULT_CLOUD_SOLR_XML.replace(
          "<solr>\n",
          "<solr>\n  <int name=\"maxBooleanClauses\">${solr.max.booleanClauses:20000}</int>\n");

  private final ZkTestServer zk;
  private final List<JettySolrRunner> nodes = new ArrayList<>();

  private LocalCloud(ZkTestServer zk) {
    this.zk = zk;
  }

  public static void main(String[] args) throws Exception {
    int nodeCount = 2;
    int port = 8983;
    int zkPort = 0;
    Path dir = Path.of("var", "solr");
    boolean control = false;
    Path configset = null;
    String configsetName = "archive";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--nodes" -> nodeCount = Integer.parseInt(args[++i]);
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--zk-port" -> zkPort = Integer.parseInt(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--control" -> control = true;
        case "--configset" -> configset = Path.of(args[++i]).toAbsolutePath();
        case "--configset-name" -> configsetName = args[++i];
        default -> {
          System.err.println("unknown option: " + args[i]);
          System.exit(2);
        }
      }
    }
    dir = dir.toAbsolutePath();
    Files.createDirectories(dir);
    System.setProperty("solr.max.booleanClauses", System.getProperty("solr.max.booleanClauses", "20000"));
    // Collections may be created by name from any node, and nodes take requests from the launcher's host only.
    System.setProperty("solr.allowPaths", "*");

    LocalCloud cloud = start(dir, nodeCount, port, zkPort, configset, configsetName);
    Runtime.getRuntime().addShutdownHook(new Thread(cloud::shutdownQuietly));
    say(cloud.readyLine());
    if (control) {
      cloud.obey();
      cloud.shutdownQuietly();
      System.exit(0);
    } else {
      Thread.currentThread().join();
    }
  }

  private static LocalCloud start(
      Path dir, int nodeCount, int port, int zkPort, Path configset, String configsetName)
      throws Exception {
    Path zkDir = dir.resolve("zookeeper");
    boolean fresh = !Files.isDirectory(zkDir);
    ZkTestServer zk = new ZkTestServer(zkDir, zkPort);
    zk.run(fresh);
    try (SolrZkClient client =
        new SolrZkClient.Builder().withUrl(zk.getZkHost()).withTimeout(30, TimeUnit.SECONDS).build()) {
      // Written every start, so a cloud made by an older launcher takes the current settings.
      byte[] xml = SOLR_XML.getBytes(StandardCharsets.UTF_8);
      if (client.exists("/solr/solr.xml", true)) {
        client.setData("/solr/solr.xml", xml, true);
      } else {
        client.makePath("/solr/solr.xml", xml, true);
      }
    }
    if (configset != null) {
      try (SolrZkClient client =
          new SolrZkClient.Builder()
              .withUrl(zk.getZkAddress())
              .withTimeout(30, TimeUnit.SECONDS)
              .build()) {
        client.upConfig(configset, configsetName);
      }
    }
    LocalCloud cloud = new LocalCloud(zk);
    for (int i = 0; i < nodeCount; i++) {
      Path home = dir.resolve("node" + (i + 1));
      Files.createDirectories(home);
      Properties props = new Properties();
      props.setProperty("zkHost", zk.getZkAddress());
      JettyConfig config =
          JettyConfig.builder().setPort(port == 0 ? 0 : port + i).setContext("/solr").build();
      JettySolrRunner node = new JettySolrRunner(home.toString(), props, config);
      node.start();
      cloud.nodes.add(node);
    }
    return cloud;
  }

  private String readyLine() {
    return "{\"ready\": true, \"zkHost\": \"" + zk.getZkAddress() + "\", \"urls\": " + urls() + "}";
  }

  private String urls() {
    List<String> quoted = new ArrayList<>();
    for (JettySolrRunner node : nodes) {
      quoted.add("\"http://127.0.0.1:" + node.getLocalPort() + "/solr\"");
    }
    return "[" + String.join(", ", quoted) + "]";
  }

  private void obey() throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      try {
        switch (words[0]) {
          case "stop" -> {
            JettySolrRunner node = nodes.get(Integer.parseInt(words[1]));
            node.stop();
            say("{\"stopped\": " + words[1] + "}");
          }
          case "start" -> {
            JettySolrRunner node = nodes.get(Integer.parseInt(words[1]));
            node.start(true); // on the port it had, so clients find it again
            say("{\"started\": " + words[1] + ", \"url\": \"http://127.0.0.1:" + node.getLocalPort() + "/solr\"}");
          }
          case "urls" -> say("{\"urls\": " + urls() + "}");
          case "quit" -> {
            return;
          }
          default -> say("{\"error\": \"unknown command\"}");
        }
      } catch (Exception e) {
        say("{\"error\": \"" + String.valueOf(e.getMessage()).replace("\"", "'") + "\"}");
      }
    }
  }

  private synchronized void shutdownQuietly() {
    for (JettySolrRunner node : nodes) {
      try {
        if (node.isRunning()) {
          node.stop();
        }
      } catch (Exception e) {
        System.err.println("stopping a node: " + e);
      }
    }
    nodes.clear();
    try {
      zk.shutdown();
    } catch (Exception e) {
      System.err.println("stopping ZooKeeper: " + e);
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
