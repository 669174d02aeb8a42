//! `kqlc fmt` on the bundled seed rules (Sentinel YAML, a `.kql` query, an Elastic
//! TOML rule), on five long public Sentinel queries (four in `tests/fixtures/fmt/`,
//! each naming its source, and a bundled rule of `corpus/rules/`) and one long ES|QL
//! query of our own. Each snapshot was read by hand: one tabular operator per line starting
//! with `| `, `let` statements one per line, subqueries indented, comments and strings
//! unchanged, lines wrapped at 100 columns where they can break.

use kqlc::fmt::FmtOptions;
use kqlc::fmt::rule_file::format_file;

/// The file formatted with the default options (100 columns).
fn formatted(path: &str) -> String {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    let out = format_file(path, &text, None, &FmtOptions::default())
        .unwrap_or_else(|e| panic!("{path}: {e:?}"));
    let again = format_file(path, &out, None, &FmtOptions::default())
        .unwrap_or_else(|e| panic!("{path} (second pass): {e:?}"));
    assert_eq!(again, out, "{path}: formatting is not idempotent");
    out
}

macro_rules! fmt_snapshot {
    ($test:ident, $name:literal, $path:literal) => {
        #[test]
        fn $test() {
            let out = formatted($path);
            insta::with_settings!({snapshot_path => "../snapshots/fmt", prepend_module_to_snapshot => false}, {
                insta::assert_snapshot!($name, out);
            });
        }
    };
}

fmt_snapshot!(
    seed_000_sentinel_yaml_rule_keeps_everything_but_the_query,
    "seed_000_provisioning_failure_burst",
    "corpus/rules/provisioning-failure-burst-single-job.yaml"
);
fmt_snapshot!(
    seed_001_kql_query_with_let_functions_and_subqueries,
    "seed_001_workload_identity_sps",
    "corpus/rules/workload-identity-multiple-sps-created-by-single-principal.kql"
);
fmt_snapshot!(
    seed_002_elastic_toml_rule_gets_one_command_per_line,
    "seed_002_azure_ad_graph_4xx_ratio",
    "corpus/rules/azure-ad-graph-4xx-ratio.toml"
);
fmt_snapshot!(
    seed_004_sentinel_yaml_rule_with_a_join_subquery,
    "seed_004_new_pa_pca_pcas_azure_devops",
    "corpus/rules/new-pa-pca-or-pcas-added-to-azure-devops.yaml"
);
fmt_snapshot!(
    long_rule_anomalous_azure_operation_model,
    "public_anomalous_azure_operation_model",
    "tests/fixtures/fmt/anomalous-azure-operation-model.kql"
);
fmt_snapshot!(
    long_rule_chia_crypto_mining,
    "public_chia_crypto_mining",
    "tests/fixtures/fmt/chia-crypto-mining.kql"
);
fmt_snapshot!(
    long_rule_dev_0322_serv_u_ioc,
    "public_dev_0322_serv_u_ioc",
    "tests/fixtures/fmt/dev-0322-serv-u-ioc.kql"
);
fmt_snapshot!(
    long_rule_time_series_anomaly_data_exfiltration,
    "public_time_series_anomaly_data_exfiltration",
    "tests/fixtures/fmt/time-series-anomaly-data-exfiltration.kql"
);
fmt_snapshot!(
    long_esql_query_rare_parent_process_network,
    "own_esql_rare_parent_process_network",
    "tests/fixtures/fmt/own_rare_parent_process_network.esql"
);
fmt_snapshot!(
    long_rule_non_dc_active_directory_replication,
    "public_non_dc_active_directory_replication",
    "corpus/rules/non-dc-active-directory-replication.kql"
);
