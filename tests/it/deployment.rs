//! The deployment files: the Kubernetes manifests validate against the Kubernetes API's schemas
//! (kubernetes-validate, through `scripts/validate-deploy.sh`) and broken ones are refused; the
//! Containerfile builds in pinned stages, runs unprivileged, and passes only flags the real
//! binary has; the Deployment's probes, port, user and environment fit the real server.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;

use crate::{regiograph, root, spawn_server, text};

/// Runs `scripts/validate-deploy.sh` with `args`.
fn validate_deploy(args: &[&str]) -> Output {
    Command::new("bash")
        .arg(root().join("scripts/validate-deploy.sh"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("bash runs")
}

/// The script's run over every manifest, done once: it installs the validator into
/// target/py-deploy on first use, so every other run waits for this one.
fn validated() -> &'static Output {
    static OUTPUT: OnceLock<Output> = OnceLock::new();
    OUTPUT.get_or_init(|| validate_deploy(&[]))
}

/// Validates one file and returns whether it passed, with what the script printed.
fn validate_file(file: &Path) -> (bool, String) {
    assert!(validated().status.success(), "the validator is installed");
    let output = validate_deploy(&[&file.to_string_lossy()]);
    let said = format!("{}{}", text(&output.stdout), text(&output.stderr));
    (output.status.success(), said)
}

/// The documents of `files` (relative to the root; none: every manifest), read by the
/// validator's own YAML parser and handed over as JSON.
fn documents(files: &[&str]) -> Vec<Value> {
    assert!(validated().status.success(), "the validator is installed");
    let mut args = vec!["--json"];
    args.extend_from_slice(files);
    let output = validate_deploy(&args);
    assert!(output.status.success(), "{}", text(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("a JSON array of documents")
}

/// Every manifest, by kind.
fn manifest(kind: &str) -> &'static Value {
    static ALL: OnceLock<Vec<Value>> = OnceLock::new();
    let all = ALL.get_or_init(|| documents(&[]));
    all.iter()
        .find(|document| document["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in deploy/kubernetes"))
}

/// The Deployment's one container.
fn container() -> &'static Value {
    let containers = manifest("Deployment")["spec"]["template"]["spec"]["containers"]
        .as_array()
        .expect("a list of containers");
    assert_eq!(containers.len(), 1, "one container per pod");
    &containers[0]
}

/// The files of deploy/kubernetes that are Kubernetes resources (all but kustomize's own).
fn manifest_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("deploy/kubernetes"))
        .expect("deploy/kubernetes")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") && name != "kustomization.yaml")
        .collect();
    files.sort();
    files
}

#[test]
fn every_manifest_validates_against_the_kubernetes_schemas() {
    let output = validated();
    let said = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert!(output.status.success(), "{said}");
    let files = manifest_files();
    assert!(files.len() >= 4, "{files:?}");
    assert!(
        said.contains(&format!("{} manifest file(s) valid", files.len())),
        "{said}"
    );
    for kind in [
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
    ] {
        manifest(kind);
    }
}

#[test]
fn the_kustomization_applies_every_manifest() {
    let kustomization = &documents(&["deploy/kubernetes/kustomization.yaml"])[0];
    let mut resources: Vec<String> = kustomization["resources"]
        .as_array()
        .expect("a list of resources")
        .iter()
        .filter_map(|r| r.as_str().map(str::to_owned))
        .collect();
    resources.sort();
    assert_eq!(resources, manifest_files());
}

/// One mistake in a manifest: what it is, how to make it, and what its refusal must name.
struct Mistake {
    what: &'static str,
    spoil: fn(&mut Value),
    named: &'static str,
}

#[test]
fn broken_manifests_are_refused() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // Each case is the real Deployment (JSON is YAML) with one mistake.
    let mistakes = [
        Mistake {
            what: "a count that is text",
            spoil: |d| d["spec"]["replicas"] = Value::from("three"),
            named: "spec.replicas: 'three' is not of type 'integer'",
        },
        Mistake {
            what: "a misspelt field",
            spoil: |d| {
                d["spec"]["template"]["spec"]["containers"][0]["imagePullPolcy"] =
                    Value::from("Always")
            },
            named: "'imagePullPolcy' was unexpected",
        },
        Mistake {
            what: "a kind that does not exist",
            spoil: |d| d["kind"] = Value::from("Deploymnet"),
            named: "Couldn't find schema for kind Deploymnet",
        },
    ];
    // The copy itself passes, so each refusal below is its mistake's.
    let copy = dir.path().join("copy.yaml");
    std::fs::write(&copy, manifest("Deployment").to_string()).expect("written");
    let (passed, said) = validate_file(&copy);
    assert!(passed, "the unchanged copy: {said}");
    for Mistake { what, spoil, named } in mistakes {
        let mut broken = manifest("Deployment").clone();
        spoil(&mut broken);
        let file = dir.path().join("broken.yaml");
        std::fs::write(&file, broken.to_string()).expect("written");
        let (passed, said) = validate_file(&file);
        assert!(!passed, "{what} was accepted: {said}");
        assert!(said.contains(named), "{what}: {said}");
    }
}

/// Sends `GET path` to the server and returns the status code and the body.
fn get(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a read timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("the request is sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let code = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {head}"));
    (code, body.to_owned())
}

#[test]
fn the_probes_are_routes_the_real_server_answers_on_its_named_port() {
    let container = container();
    let ports = container["ports"].as_array().expect("ports");
    let (mut server, _log, address) = spawn_server(&["--data", "tests/fixtures/small"]);
    let mut answers = Vec::new();
    for probe in ["startupProbe", "livenessProbe", "readinessProbe"] {
        let check = &container[probe]["httpGet"];
        let port = check["port"].as_str().expect("a named port");
        assert!(
            ports.iter().any(|p| p["name"] == port),
            "{probe} probes port {port}, which the container does not name"
        );
        let path = check["path"].as_str().expect("a path");
        answers.push((probe, path, get(&address, path)));
    }
    let _ = server.kill();
    let _ = server.wait();
    for (probe, path, (code, body)) in &answers {
        assert_eq!(*code, 200, "{probe} {path}: {body}");
    }
    // Readiness is the route that says which data is served, not only that the process runs.
    let (_, path, (_, body)) = &answers[2];
    assert_eq!(*path, "/ready");
    let ready: Value = serde_json::from_str(body).expect("JSON");
    assert!(ready["version"].is_string(), "{body}");
    // The Service forwards to the same named port.
    let service_port = &manifest("Service")["spec"]["ports"][0]["targetPort"];
    assert!(ports.iter().any(|p| p["name"] == *service_port));
}

#[test]
fn the_deployment_sets_only_variables_the_server_reads() {
    let help = text(&regiograph(&["serve", "--help"]).stdout);
    let env = container()["env"].as_array().expect("env");
    for variable in env {
        let name = variable["name"].as_str().expect("a name");
        if name.starts_with("REGIOGRAPH_") {
            assert!(
                help.contains(&format!("[env: {name}="))
                    || help.contains(&format!("[env: {name}]")),
                "{name} is not read by `regiograph serve`:\n{help}"
            );
        }
    }
    // A snapshot replaces the data directories: the two conflict, so the pods never set both.
    assert!(env.iter().all(|v| v["name"] != "REGIOGRAPH_DATA"));
}

#[test]
fn the_pods_are_selected_by_their_labels_and_run_locked_down() {
    let deployment = manifest("Deployment");
    let labels = &deployment["spec"]["template"]["metadata"]["labels"];
    let selectors = [
        &deployment["spec"]["selector"]["matchLabels"],
        &manifest("Service")["spec"]["selector"],
        &manifest("PodDisruptionBudget")["spec"]["selector"]["matchLabels"],
    ];
    for selector in selectors {
        let selector = selector.as_object().expect("a label selector");
        assert!(!selector.is_empty());
        for (key, value) in selector {
            assert_eq!(&labels[key], value, "{key}");
        }
    }
    let target = &manifest("HorizontalPodAutoscaler")["spec"]["scaleTargetRef"];
    assert_eq!(target["kind"], "Deployment");
    assert_eq!(target["name"], deployment["metadata"]["name"]);
    let rolling = &deployment["spec"]["strategy"]["rollingUpdate"];
    assert_eq!(rolling["maxUnavailable"], 0);
    assert_eq!(rolling["maxSurge"], 1);
    // The pod runs as the image's own unprivileged user, on a read-only root file system.
    let pod = &deployment["spec"]["template"]["spec"]["securityContext"];
    assert_eq!(pod["runAsNonRoot"], true);
    let image_user = final_stage(&containerfile())
        .instructions
        .iter()
        .rev()
        .find(|(instruction, _)| instruction == "USER")
        .map(|(_, user)| user.split(':').next().unwrap_or_default().to_owned())
        .expect("a USER in the final stage");
    assert_eq!(pod["runAsUser"].to_string(), image_user);
    let own = &container()["securityContext"];
    assert_eq!(own["readOnlyRootFilesystem"], true);
    assert_eq!(own["allowPrivilegeEscalation"], false);
    // Requests at most their limits (the API server refuses the opposite).
    let resources = &container()["resources"];
    for resource in ["cpu", "memory"] {
        assert!(resources["requests"][resource].is_string(), "{resource}");
        assert!(resources["limits"][resource].is_string(), "{resource}");
    }
}

/// One stage of the Containerfile: its base image, its name and its instructions.
struct Stage {
    image: String,
    name: Option<String>,
    instructions: Vec<(String, String)>,
}

/// The Containerfile's stages, with continued lines joined and comments left out.
fn containerfile() -> Vec<Stage> {
    let file = std::fs::read_to_string(root().join("Containerfile")).expect("a Containerfile");
    let mut stages: Vec<Stage> = Vec::new();
    let mut pending = String::new();
    for line in file.lines() {
        let line = line.trim();
        if pending.is_empty() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        if let Some(continued) = line.strip_suffix('\\') {
            pending.push_str(continued);
            pending.push(' ');
            continue;
        }
        pending.push_str(line);
        let whole = std::mem::take(&mut pending);
        let (instruction, rest) = whole.split_once(' ').unwrap_or((&whole, ""));
        let (instruction, rest) = (instruction.to_uppercase(), rest.trim().to_owned());
        if instruction == "FROM" {
            let words: Vec<&str> = rest.split_whitespace().collect();
            let name = match words.as_slice() {
                [_, as_, name] if as_.eq_ignore_ascii_case("as") => Some((*name).to_owned()),
                _ => None,
            };
            stages.push(Stage {
                image: words.first().copied().unwrap_or_default().to_owned(),
                name,
                instructions: Vec::new(),
            });
        } else {
            stages
                .last_mut()
                .expect("FROM comes first")
                .instructions
                .push((instruction, rest));
        }
    }
    stages
}

fn final_stage(stages: &[Stage]) -> &Stage {
    stages.last().expect("at least one stage")
}

/// The image's command, from the final stage's ENTRYPOINT (exec form).
fn entrypoint() -> Vec<String> {
    let stages = containerfile();
    let (_, command) = final_stage(&stages)
        .instructions
        .iter()
        .find(|(instruction, _)| instruction == "ENTRYPOINT")
        .expect("an ENTRYPOINT in the final stage");
    serde_json::from_str(command).expect("the exec form: a JSON list")
}

/// Whether `help` (a subcommand's `--help`) lists `flag` as one of its options.
fn lists_flag(help: &str, flag: &str) -> bool {
    help.lines()
        .map(str::trim_start)
        .filter(|line| line.starts_with('-'))
        .any(|line| line.split([' ', ',', '=']).any(|word| word == flag))
}

/// The `--flags` among `words`.
fn flags(words: &[String]) -> Vec<&str> {
    words
        .iter()
        .map(String::as_str)
        .filter(|word| word.starts_with("--"))
        .collect()
}

#[test]
fn the_containerfile_builds_in_pinned_stages_and_runs_unprivileged() {
    let stages = containerfile();
    assert!(stages.len() >= 2, "a build stage and a runtime stage");
    for stage in &stages {
        // A tag on the last path segment (a registry's port is not a tag), never `latest`.
        let last = stage.image.rsplit('/').next().unwrap_or_default();
        let tag = last.split_once(':').map(|(_, tag)| tag);
        assert!(
            tag.is_some_and(|tag| !tag.is_empty() && tag != "latest"),
            "{} is not pinned to a tag",
            stage.image
        );
        assert!(stage.name.is_some(), "{} has no stage name", stage.image);
    }
    let build = &stages[0];
    let runs: Vec<&str> = build
        .instructions
        .iter()
        .filter(|(instruction, _)| instruction == "RUN")
        .map(|(_, command)| command.as_str())
        .collect();
    assert!(
        runs.iter()
            .any(|run| run.contains("nodejs") && run.contains("npm"))
    );
    assert!(
        runs.iter()
            .any(|run| run.contains("cargo build --release --locked"))
    );

    let last = final_stage(&stages);
    let user = last
        .instructions
        .iter()
        .rev()
        .find(|(instruction, _)| instruction == "USER")
        .map(|(_, user)| user.split(':').next().unwrap_or_default())
        .expect("the final stage sets a USER");
    assert!(!matches!(user, "" | "0" | "root"), "runs as {user}");
    assert!(
        user.parse::<u32>().is_ok(),
        "a numeric user, for runAsNonRoot: {user}"
    );

    // The command's program is the binary copied from the build stage.
    let program = entrypoint().into_iter().next().expect("a program");
    let build_name = build.name.as_deref().unwrap_or_default();
    assert!(
        last.instructions.iter().any(|(instruction, args)| {
            instruction == "COPY"
                && args.starts_with(&format!("--from={build_name} "))
                && args.split_whitespace().last() == Some(program.as_str())
        }),
        "the final stage copies {program} from the {build_name} stage"
    );

    let ignored = std::fs::read_to_string(root().join(".containerignore")).expect("ignored");
    for entry in ["target/", "node_modules/", "web/node_modules/", ".git"] {
        assert!(ignored.lines().any(|line| line == entry), "{entry}");
    }
}

#[test]
fn the_containerfile_passes_only_flags_the_binary_has() {
    // The runtime command: `regiograph serve` with flags `serve --help` lists, the snapshot
    // among them, listening on every address at the port the image exposes and the pods name.
    let command = entrypoint();
    assert_eq!(
        command.get(1).map(String::as_str),
        Some("serve"),
        "{command:?}"
    );
    let help = text(&regiograph(&["serve", "--help"]).stdout);
    let used = flags(&command);
    for flag in ["--snapshot", "--bind"] {
        assert!(
            used.contains(&flag),
            "the command passes {flag}: {command:?}"
        );
    }
    for flag in &used {
        assert!(
            lists_flag(&help, flag),
            "`serve --help` lists no {flag}:\n{help}"
        );
    }
    let bind = command
        .iter()
        .skip_while(|word| *word != "--bind")
        .nth(1)
        .expect("an address after --bind");
    let port = bind.strip_prefix("0.0.0.0:").expect("every IPv4 address");
    let stages = containerfile();
    let exposed: Vec<&str> = final_stage(&stages)
        .instructions
        .iter()
        .filter(|(instruction, _)| instruction == "EXPOSE")
        .map(|(_, port)| port.as_str())
        .collect();
    assert_eq!(exposed, [port]);
    assert_eq!(container()["ports"][0]["containerPort"].to_string(), port);

    // The build stage writes the snapshot with `regiograph snapshot` and its real flags.
    let (_, run) = stages[0]
        .instructions
        .iter()
        .find(|(instruction, run)| instruction == "RUN" && run.contains(" snapshot "))
        .expect("a RUN that writes the snapshot");
    let words: Vec<String> = run.split_whitespace().map(str::to_owned).collect();
    let help = text(&regiograph(&["snapshot", "--help"]).stdout);
    for flag in flags(&words) {
        assert!(
            lists_flag(&help, flag),
            "`snapshot --help` lists no {flag}:\n{help}"
        );
    }
    let written = words
        .iter()
        .skip_while(|word| *word != "--out")
        .nth(1)
        .expect("an --out file");
    let snapshot = command
        .iter()
        .skip_while(|word| *word != "--snapshot")
        .nth(1)
        .expect("a file after --snapshot");
    // The runtime stage copies the written snapshot to where the command reads it.
    assert!(
        final_stage(&stages)
            .instructions
            .iter()
            .any(|(instruction, args)| {
                instruction == "COPY"
                    && args.split_whitespace().nth(1) == Some(written.as_str())
                    && args.split_whitespace().last() == Some(snapshot.as_str())
            })
    );
}
