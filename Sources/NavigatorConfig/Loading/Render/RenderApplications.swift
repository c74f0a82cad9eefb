extension RenderBuffer {
    /// `applications:`.
    mutating func applications(_ apps: ApplicationSettings) {
        section("pools") { out in
            out.line("timeout", apps.pools.idleTimeout)
            out.line("start_port", apps.pools.startPort)
            out.line("default_memory_limit", apps.pools.defaultMemoryLimit)
            out.line("user", apps.pools.user)
            out.line("group", apps.pools.group)
            out.line("max_size", apps.pools.maxSize)
            out.line("stop_grace", apps.pools.stopGrace)
        }
        line("health_check", apps.healthCheck)
        line("track_websockets", apps.trackWebsockets)
        line("startup_timeout", apps.startupTimeout)
        list("tenants", apps.tenants) { out, tenant in
            out.line("path", tenant.path)
            out.line("name", tenant.name)
            out.path("root", tenant.root)
            out.line("executable", tenant.command.executable)
            out.line("arguments", tenant.command.arguments)
            out.line("port_env_var", tenant.command.portEnvVar)
            out.line("start_delay", tenant.command.startDelay)
            out.pairs("env", tenant.env.map { ($0.name, $0.value) })
            out.line("health_check", tenant.healthCheck)
            out.line("track_websockets", tenant.trackWebsockets)
            out.line("startup_timeout", tenant.startupTimeout)
            out.list("start_hooks", tenant.hooks.start) { $0.hook($1) }
            out.list("stop_hooks", tenant.hooks.stop) { $0.hook($1) }
            out.line("memory_limit", tenant.memoryLimit)
            out.line("user", tenant.user)
            out.line("group", tenant.group)
            out.line("bot_detection", Self.bot(tenant.botDetection))
            out.line("public_dir", tenant.publicDir)
        }
    }

    /// `hooks:`.
    mutating func hooks(_ hooks: HookSettings) {
        list("server_start", hooks.serverStart) { $0.hook($1) }
        list("server_ready", hooks.serverReady) { $0.hook($1) }
        list("server_idle", hooks.serverIdle) { $0.hook($1) }
        list("server_resume", hooks.serverResume) { $0.hook($1) }
        list("server_stop", hooks.serverStop) { $0.hook($1) }
    }

    /// One hook.
    mutating func hook(_ hook: HookSpec) {
        line("command", hook.command)
        line("args", hook.args)
        line("timeout", hook.timeout)
        path("reload_config", hook.reloadConfig)
    }

    /// One managed process.
    mutating func managedProcess(_ process: ManagedProcessSpec) {
        line("name", process.name)
        line("command", process.command)
        line("args", process.args)
        path("working_dir", process.workingDir)
        pairs("env", process.env.map { ($0.name, $0.value) })
        line("auto_restart", process.autoRestart)
        line("start_delay", process.startDelay)
    }
}
