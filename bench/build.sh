# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the benchmarks: bench_build DIR sets up DIR as a release build with link-time
# optimization when it is not one yet, brings it up to date, and sets exe to its dayafter
# (expects root, the source tree); bench_machine prints the line naming the machine.
bench_build() {
    if [ ! -f "$1/build.ninja" ]; then
        meson setup "$1" "$root" --buildtype=release -Db_lto=true -Dtests=false >/dev/null
    fi
    ninja -C "$1" >/dev/null
    exe=$1/dayafter
}

# bench_machine: prints the machine's line that heads every benchmark's output.
bench_machine() {
    echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
}
