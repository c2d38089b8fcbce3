import Foundation
import Hummingbird
import NIOCore

/// `/healthz` (the process answers), `/readyz` (a model is loaded) and `/metrics` (Prometheus).
struct OperationsRoutes {
    let components: ServerComponents

    func register(on router: Router<ServerContext>) {
        router.get("/healthz") { _, _ -> Response in
            .json(ByteBuffer(string: "{\"status\":\"ok\"}"))
        }
        router.get("/readyz") { _, _ -> Response in
            guard let model = components.service.models.loaded else {
                throw APIError.notReady("no model is loaded yet")
            }
            var json = JSONWriter()
            json.object {
                $0.field("status", "ready")
                $0.field("model_version", model.version)
                $0.field("config_version", components.service.config.configVersion)
            }
            return .json(json.buffer)
        }
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: components.prometheusText())))
        }
    }
}

extension ServerComponents {
    /// Hand-written exposition: HTTP series from `RequestMetrics`, then one gauge or counter
    /// per line for the guardrails, toggles, cache, event log and model.
    func prometheusText() -> String {
        var text = ""
        metrics.exposition(into: &text)
        func metric(_ name: String, _ type: String, _ help: String, _ value: Double, labels: String = "") {
            text += "# HELP guardrank_\(name) \(help)\n# TYPE guardrank_\(name) \(type)\n"
            text += "guardrank_\(name)\(labels.isEmpty ? "" : "{\(labels)}") \(value)\n"
        }
        let service = self.service
        for gauge in service.guardrails.gauges() {
            metric("guardrail_\(gauge.name)", "gauge", "Metrics window: \(gauge.name.replacingOccurrences(of: "_", with: " ")).", gauge.value)
        }
        metric("rollback_state", "gauge", "Rollback controller state (1 for the current state).", 1,
               labels: "state=\"\(RequestMetrics.escape(service.guardrails.stateName))\"")
        metric("kill_switch", "gauge", "1 while the admin kill switch is on.", service.admin.current.enabled ? 1 : 0)
        metric("toggles_info", "gauge", "The toggles configuration version serving.", 1,
               labels: "config_version=\"\(RequestMetrics.escape(service.config.configVersion))\"")
        metric("toggles_reloads_total", "counter", "Toggles reloads applied.", Double(service.config.reloadSuccesses))
        metric("toggles_reload_failures_total", "counter", "Toggles reloads refused (the last good configuration kept serving).",
               Double(service.config.reloadFailures))
        metric("cache_hits_total", "counter", "Result cache hits.", Double(service.cache.hits))
        metric("cache_misses_total", "counter", "Result cache misses.", Double(service.cache.misses))
        metric("cache_entries", "gauge", "Result cache entries.", Double(service.cache.count))
        metric("events_enqueued_total", "counter", "Events queued for the events files.", Double(service.events.enqueued))
        metric("events_written_total", "counter", "Events written to the events files.", Double(service.events.written))
        metric("events_dropped_total", "counter", "Events dropped because the queue was full.", Double(service.events.dropped))
        metric("model_loads_total", "counter", "Models installed (startup and reloads).", Double(service.models.loadCount))
        metric("model_load_failures_total", "counter", "Model reloads refused (the old model kept serving).", Double(service.models.failureCount))
        metric("model_info", "gauge", "The model version serving.", service.models.loaded == nil ? 0 : 1,
               labels: "model_version=\"\(RequestMetrics.escape(service.models.loaded?.version ?? "none"))\"")
        return text
    }
}
