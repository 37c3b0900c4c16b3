import os, sys, time, subprocess
def groups():
    g = {}
    tick = os.sysconf('SC_CLK_TCK')
    for pid in os.listdir('/proc'):
        if not pid.isdigit(): continue
        try:
            cmd = open(f'/proc/{pid}/cmdline','rb').read().replace(b'\0',b' ').decode()
            st = open(f'/proc/{pid}/stat').read().rsplit(')',1)[1].split()
            t = (int(st[11]) + int(st[12])) / tick
        except Exception: continue
        if 'postgres' in cmd and ('15/promptline' in cmd or 'promptline' in cmd): k='postgres'
        elif 'gateway.ts' in cmd: k='gateway'
        elif 'llm_standin' in cmd: k='standin'
        elif 'upstash_bridge' in cmd: k='bridge'
        elif 'redis-server' in cmd and '54379' in cmd: k='redis'
        elif 'load.ts' in cmd: k='client'
        else: k='other'
        g[k] = g.get(k,0)+t
    return g
a = groups(); t0=time.time()
subprocess.run(sys.argv[1:])
b = groups(); el=time.time()-t0
n = int(os.environ.get('N','1'))
print(f"elapsed {el:.2f}s")
for k in sorted(b):
    d = b[k]-a.get(k,0)
    print(f"{k:10s} {d:7.2f}s cpu  {1000*d/n:6.2f} ms/run")
