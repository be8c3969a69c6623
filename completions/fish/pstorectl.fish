# SPDX-License-Identifier: LGPL-2.1-or-later
# fish completion for pstorectl. Each subcommand has a block between "# verb: NAME" and
# "# end: NAME"; tests/cli/test-docs.sh checks that it names every option of NAME --help.

# The record names of the source the command line names (--dir, --image, --sysroot...),
# as pstorectl itself lists them.
function __pstorectl_records
    set -l words (commandline -opc)
    set -l src
    set -l i 2
    while test $i -le (count $words)
        switch $words[$i]
            case --dir -d --sysroot --image --base --address --size --dtb --record-size --console-size --pmsg-size --ftrace-size --ecc --flags --cpus --kernel --compress
                set -a src $words[$i] $words[(math $i + 1)]
                set i (math $i + 1)
            case '--dir=*' '--sysroot=*' '--image=*' --scan --module-params
                set -a src $words[$i]
        end
        set i (math $i + 1)
    end
    $words[1] ls $src -n -r -o NAME 2>/dev/null
end

# A column list: the columns after the last comma of the current token.
function __pstorectl_columns
    set -l tok (commandline -ct)
    set -l prefix (string match -r '^.*,' -- $tok)
    or set prefix (string match -r '^\+' -- $tok)
    for c in $argv
        echo $prefix$c
    end
end

# The options that read records from a memory image (--image, then the region and its
# layout), the same under every verb that takes them; decode takes all but --image (the
# image is its argument). tests/cli/test-docs.sh reads this function with the blocks that
# call it.
function __pstorectl_image_opts -a verb
    set -l c "__fish_seen_subcommand_from $verb"
    test $verb = decode
    or complete -c pstorectl -n $c -l image -r -F -d 'Read records from a memory image'
    complete -c pstorectl -n $c -l base -x -d 'Physical address of the dump\'s first byte'
    complete -c pstorectl -n $c -l address -x -d 'The region\'s physical address'
    complete -c pstorectl -n $c -l size -x -d 'The region\'s size'
    complete -c pstorectl -n $c -l dtb -r -F -d 'Layout from a DTB\'s ramoops node'
    complete -c pstorectl -n $c -l module-params -d 'Layout of the running ramoops module'
    complete -c pstorectl -n $c -l scan -d 'Find the layout from the zone headers'
    complete -c pstorectl -n $c -l record-size -x -d 'Dmesg zone size'
    complete -c pstorectl -n $c -l console-size -x -d 'Console zone size'
    complete -c pstorectl -n $c -l pmsg-size -x -d 'Pmsg zone size'
    complete -c pstorectl -n $c -l ftrace-size -x -d 'Ftrace zone size'
    complete -c pstorectl -n $c -l ecc -x -a '0 16 32' -d 'ECC parity bytes per block'
    complete -c pstorectl -n $c -l flags -x -d 'Ramoops flags'
    complete -c pstorectl -n $c -l cpus -x -d 'Per-CPU ftrace zones'
    complete -c pstorectl -n $c -l kernel -x -a '6.1 6.12' -d 'Zone order of that kernel'
    complete -c pstorectl -n $c -l compress -x -a 'deflate lzo lz4 lz4hc zstd' -d 'Dmesg compression'
end

set -l verbs status mount ls cat tail view clear write plan dts check load decode reason info archive boots help
complete -c pstorectl -f
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -l sysroot -r -a '(__fish_complete_directories)' -d 'Resolve system paths under DIR'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -l color -x -a 'auto always never' -d 'Colour output'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -s v -l verbose -d 'More messages'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -s h -l help -d 'Show help'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -s V -l version -d 'Show version'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a status -d 'Show the backend, the mount and the newest crash'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a mount -d 'Mount pstore if it is not mounted'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a ls -d 'List the records'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a cat -d 'Print records'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a tail -d 'Print the end of a record, or follow new ones'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a view -d 'Browse records in an interactive viewer'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a clear -d 'Erase records, archiving them first if asked'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a write -d 'Write a message to /dev/pmsg0 for the next boot'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a plan -d 'Pick a free RAM region and lay out ramoops in it'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a dts -d 'Emit, show or patch a device-tree ramoops node'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a check -d 'Check the kernel, the module and the live state'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a load -d 'Insert the ramoops module with parameters'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a decode -d 'Read records straight from a memory image, /dev/mem or a vmcore'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a reason -d 'Say why the last boot ended, with the evidence'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a archive -d 'Move the records of the boot that ended into the per-boot archive'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a boots -d 'List the archived boots'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a info -d 'Show the crash summary of the newest dump'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -a help -d 'Show the help of a command'
complete -c pstorectl -n "__fish_seen_subcommand_from help" -a "$verbs"
complete -c pstorectl -n "__fish_seen_subcommand_from $verbs" -l help -d 'Show help'
# the global options work after the verb too; --dir and --json before it
complete -c pstorectl -n "__fish_seen_subcommand_from $verbs; and not __fish_seen_subcommand_from check" -l sysroot -r -a '(__fish_complete_directories)' -d 'Resolve system paths under DIR'
complete -c pstorectl -n "__fish_seen_subcommand_from $verbs; and not __fish_seen_subcommand_from check" -l color -x -a 'auto always never' -d 'Colour output'
complete -c pstorectl -n "__fish_seen_subcommand_from $verbs; and not __fish_seen_subcommand_from check" -s v -l verbose -d 'More messages'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -s d -l dir -x -a '(__fish_complete_directories)' -d 'Read records from DIR'
complete -c pstorectl -n "not __fish_seen_subcommand_from $verbs" -s J -l json -d 'JSON output'

# verb: status
complete -c pstorectl -n '__fish_seen_subcommand_from status' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from status' -s d -l dir -x -a '(__fish_complete_directories)' -d 'Read records from DIR'
complete -c pstorectl -n '__fish_seen_subcommand_from status' -s J -l json -d 'JSON output'
__pstorectl_image_opts status
# end: status
# verb: mount
complete -c pstorectl -n '__fish_seen_subcommand_from mount' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from mount' -x -a '(__fish_complete_directories)' -d 'Mount point'
# end: mount
# verb: ls
complete -c pstorectl -n '__fish_seen_subcommand_from ls' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from ls' -s d -l dir -x -a '(__fish_complete_directories)' -d 'Read records from DIR'
complete -c pstorectl -n '__fish_seen_subcommand_from ls' -s t -l type -x -a 'dmesg console pmsg ftrace mce rtas powerpc-ofw powerpc-common powerpc-opal unknown' -d 'Only these types'
complete -c pstorectl -n '__fish_seen_subcommand_from ls' -l all-files -d 'List files that are not records too'
complete -c pstorectl -n '__fish_seen_subcommand_from ls' -s J -l json -d 'JSON output'
complete -c pstorectl -n '__fish_seen_subcommand_from ls' -s o -l output -x -a '(__pstorectl_columns NAME TYPE BACKEND ID SIZE TIME REASON COUNT PART COMPRESSED ECC MTIME)' -d 'Columns to show'
complete -c pstorectl -n '__fish_seen_subcommand_from ls' -l output-all -d 'Show all columns'
complete -c pstorectl -n '__fish_seen_subcommand_from ls' -s r -l raw -d 'Raw output'
complete -c pstorectl -n '__fish_seen_subcommand_from ls' -s n -l noheadings -d 'No headings'
complete -c pstorectl -n '__fish_seen_subcommand_from ls' -s b -l bytes -d 'Sizes in bytes'
complete -c pstorectl -n '__fish_seen_subcommand_from ls' -l boot -x -d 'Read an archived boot (0, -1, ... or a boot id)'
complete -c pstorectl -n '__fish_seen_subcommand_from ls' -l archive -x -a '(__fish_complete_directories)' -d 'The archive --boot reads'
__pstorectl_image_opts ls
# end: ls
# verb: cat
complete -c pstorectl -n '__fish_seen_subcommand_from cat' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from cat' -s d -l dir -x -a '(__fish_complete_directories)' -d 'Read records from DIR'
complete -c pstorectl -n '__fish_seen_subcommand_from cat' -s x -l decode -d 'Show log levels by name'
complete -c pstorectl -n '__fish_seen_subcommand_from cat' -s l -l level -x -a 'emerg alert crit err warn notice info debug' -d 'Only lines of these levels'
complete -c pstorectl -n '__fish_seen_subcommand_from cat' -l strip-ecc -d 'Leave out the ECC notice'
complete -c pstorectl -n '__fish_seen_subcommand_from cat' -s r -l raw -d 'The exact bytes'
complete -c pstorectl -n '__fish_seen_subcommand_from cat' -s R -d 'The exact bytes (old spelling of -r)'
complete -c pstorectl -n '__fish_seen_subcommand_from cat' -s q -l quiet -d 'No headers'
complete -c pstorectl -n '__fish_seen_subcommand_from cat' -a 'dmesg console pmsg ftrace mce rtas powerpc-ofw powerpc-common powerpc-opal unknown (__pstorectl_records)' -d 'Record or type'
complete -c pstorectl -n '__fish_seen_subcommand_from cat' -l boot -x -d 'Read an archived boot (0, -1, ... or a boot id)'
complete -c pstorectl -n '__fish_seen_subcommand_from cat' -l archive -x -a '(__fish_complete_directories)' -d 'The archive --boot reads'
__pstorectl_image_opts cat
# end: cat
# verb: tail
complete -c pstorectl -n '__fish_seen_subcommand_from tail' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from tail' -s d -l dir -x -a '(__fish_complete_directories)' -d 'Read records from DIR'
complete -c pstorectl -n '__fish_seen_subcommand_from tail' -s n -l lines -x -d 'The last N lines'
complete -c pstorectl -n '__fish_seen_subcommand_from tail' -s f -l follow -d 'Print new records as they appear'
complete -c pstorectl -n '__fish_seen_subcommand_from tail' -a 'dmesg console pmsg ftrace mce rtas powerpc-ofw powerpc-common powerpc-opal unknown (__pstorectl_records)' -d 'Record or type'
__pstorectl_image_opts tail
# end: tail
# verb: view
complete -c pstorectl -n '__fish_seen_subcommand_from view' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from view' -s d -l dir -x -a '(__fish_complete_directories)' -d 'Read records from DIR'
complete -c pstorectl -n '__fish_seen_subcommand_from view' -s f -l follow -d 'Start following new records and lines'
complete -c pstorectl -n '__fish_seen_subcommand_from view' -a 'dmesg console pmsg ftrace mce rtas powerpc-ofw powerpc-common powerpc-opal unknown (ls /sys/fs/pstore 2>/dev/null)' -d 'Record or type'
complete -c pstorectl -n '__fish_seen_subcommand_from view' -l boot -x -d 'Read an archived boot (0, -1, ... or a boot id)'
complete -c pstorectl -n '__fish_seen_subcommand_from view' -l archive -x -a '(__fish_complete_directories)' -d 'The archive --boot reads'
__pstorectl_image_opts view
# end: view
# verb: clear
complete -c pstorectl -n '__fish_seen_subcommand_from clear' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from clear' -s d -l dir -x -a '(__fish_complete_directories)' -d 'Erase records in DIR'
complete -c pstorectl -n '__fish_seen_subcommand_from clear' -s a -l all -d 'Every record'
complete -c pstorectl -n '__fish_seen_subcommand_from clear' -l archive -x -a '(__fish_complete_directories)' -d 'Copy each record into DIR first'
complete -c pstorectl -n '__fish_seen_subcommand_from clear' -l dry-run -d 'Only say what would be erased'
complete -c pstorectl -n '__fish_seen_subcommand_from clear' -s y -l yes -d 'Do not ask'
complete -c pstorectl -n '__fish_seen_subcommand_from clear' -a 'dmesg console pmsg ftrace mce rtas powerpc-ofw powerpc-common powerpc-opal unknown (__pstorectl_records)' -d 'Record or type'
# end: clear
# verb: write
complete -c pstorectl -n '__fish_seen_subcommand_from write' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from write' -s m -l marker -x -a 'boot reboot poweroff halt kexec shutdown' -d 'Write a boot or shutdown marker'
# end: write
# verb: plan
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l all -d 'List every free range'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l format -x -a 'text json cmdline modprobe dts' -d 'Output format'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -s J -l json -d 'JSON output'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l cpus -x -d 'CPUs the per-CPU ftrace zones are split over'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l kernel -x -d 'Lay out zones as this kernel version does'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l size -x -d 'Region size (default 1M)'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l align -x -d 'Alignment, a power of two >= 4K'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l prefer -x -a 'high low' -d 'Search from the top or the bottom of RAM'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l below -x -d 'Region ends at or below ADDR'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l above -x -d 'Region starts at or above ADDR'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l address -x -d 'Check this start address'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l iomem -r -F -d 'Read the memory map from FILE'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l initrd-room -x -d 'Keep SIZE free where boot loaders put the initrd'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l dtb -r -F -d 'Read the memory map from a DTB'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l record-size -x -d 'dmesg zone size'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l console-size -x -d 'console zone size'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l pmsg-size -x -d 'pmsg zone size'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l ftrace-size -x -d 'ftrace zone size'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l ecc -x -a '0 16 32' -d 'ECC parity bytes per block'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l ecc-size -x -a '0 16 32' -d 'ECC parity bytes per block'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l max-reason -x -a '1 2 3 4 5' -d 'Largest kmsg dump reason kept'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l mem-type -x -a '0 1 2 wc unbuffered cached' -d 'Memory type'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l flags -x -d 'Ramoops flags'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -s o -l output -x -a '(__pstorectl_columns START END SIZE RAM)' -d 'Columns of --all'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -l output-all -d 'Show all columns'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -s r -l raw -d 'Raw output'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -s n -l noheadings -d 'No headings'
complete -c pstorectl -n '__fish_seen_subcommand_from plan' -s b -l bytes -d 'Sizes in bytes'
# end: plan
# verb: dts
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -s f -l format -x -a 'node overlay' -d 'DTS output: the node or an overlay'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l address-cells -x -a '1 2' -d '#address-cells of /reserved-memory'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l size-cells -x -a '1 2' -d '#size-cells of /reserved-memory'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l no-map -d 'Add the no-map property'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l patch -r -F -d 'Add the node to a compiled DTB'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l output -r -F -d 'Where --patch writes'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l in-place -d '--patch replaces the input DTB'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l replace -d 'Replace an existing ramoops node'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l show -d 'Show the ramoops node of a DTB or of the running system'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -s J -l json -d 'JSON output of --show'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l size -x -d 'Region size (default 1M)'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l align -x -d 'Alignment, a power of two >= 4K'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l prefer -x -a 'high low' -d 'Search from the top or the bottom of RAM'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l below -x -d 'Region ends at or below ADDR'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l above -x -d 'Region starts at or above ADDR'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l address -x -d 'Use this start address'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l iomem -r -F -d 'Read the memory map from FILE'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l initrd-room -x -d 'Keep SIZE free where boot loaders put the initrd'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l dtb -r -F -d 'Memory map and cells from a DTB'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l record-size -x -d 'dmesg zone size'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l console-size -x -d 'console zone size'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l pmsg-size -x -d 'pmsg zone size'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l ftrace-size -x -d 'ftrace zone size'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l ecc -x -a '0 16 32' -d 'ECC parity bytes per block'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l ecc-size -x -a '0 16 32' -d 'ECC parity bytes per block'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l max-reason -x -a '1 2 3 4 5' -d 'Largest kmsg dump reason kept'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l mem-type -x -a '0 1 2 wc unbuffered cached' -d 'Memory type'
complete -c pstorectl -n '__fish_seen_subcommand_from dts' -l flags -x -d 'Ramoops flags'
# end: dts
# verb: check
complete -c pstorectl -n '__fish_seen_subcommand_from check' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from check' -l config -r -F -d 'Kernel configuration (plain or gzip, - for stdin)'
complete -c pstorectl -n '__fish_seen_subcommand_from check' -l kernel-release -x -a '(command ls /lib/modules 2>/dev/null)' -d 'Kernel release to check'
complete -c pstorectl -n '__fish_seen_subcommand_from check' -s J -l json -d 'JSON output'
complete -c pstorectl -n '__fish_seen_subcommand_from check' -l color -f -a 'auto always never' -d 'Colour the status'
complete -c pstorectl -n '__fish_seen_subcommand_from check' -s v -l verbose -d 'Show the detail of every check'
# end: check
# verb: load
complete -c pstorectl -n '__fish_seen_subcommand_from load' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l mem-address -x -d 'Physical start of the region'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l mem-size -x -d 'Size of the region'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l dry-run -d 'Print the modprobe command only'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l force -d 'Insert even when the region is not reserved'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l size -x -d 'Region size (default 1M)'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l align -x -d 'Alignment, a power of two >= 4K'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l prefer -x -a 'high low' -d 'Search from the top or the bottom of RAM'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l below -x -d 'Region ends at or below ADDR'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l above -x -d 'Region starts at or above ADDR'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l address -x -d 'Start address of the region'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l iomem -r -F -d 'Read the memory map from FILE'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l initrd-room -x -d 'Keep SIZE free where boot loaders put the initrd'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l dtb -r -F -d 'Read the memory map from a DTB'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l record-size -x -d 'dmesg zone size'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l console-size -x -d 'console zone size'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l pmsg-size -x -d 'pmsg zone size'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l ftrace-size -x -d 'ftrace zone size'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l ecc -x -a '0 16 32' -d 'ECC parity bytes per block'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l ecc-size -x -a '0 16 32' -d 'ECC parity bytes per block'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l max-reason -x -a '1 2 3 4 5' -d 'Largest kmsg dump reason kept'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l mem-type -x -a '0 1 2 wc unbuffered cached' -d 'Memory type'
complete -c pstorectl -n '__fish_seen_subcommand_from load' -l flags -x -d 'Refused: not a module parameter'
# end: load
# verb: decode
complete -c pstorectl -n '__fish_seen_subcommand_from decode' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from decode' -s t -l to -x -a '(__fish_complete_directories)' -d 'Write the records into DIR'
complete -c pstorectl -n '__fish_seen_subcommand_from decode' -s a -l all -d 'Show empty zones too'
complete -c pstorectl -n '__fish_seen_subcommand_from decode' -s J -l json -d 'JSON output'
complete -c pstorectl -n '__fish_seen_subcommand_from decode' -s o -l output -x -a '(__pstorectl_columns TYPE INDEX ADDRESS OFFSET SIZE STATE START USED CAPACITY WRAPPED CORRECTED BAD RECORD TIME COMPRESS PROBLEM)' -d 'Columns to show'
complete -c pstorectl -n '__fish_seen_subcommand_from decode' -l output-all -d 'Show all columns'
complete -c pstorectl -n '__fish_seen_subcommand_from decode' -s r -l raw -d 'Raw output'
complete -c pstorectl -n '__fish_seen_subcommand_from decode' -s n -l noheadings -d 'No headings'
complete -c pstorectl -n '__fish_seen_subcommand_from decode' -s b -l bytes -d 'Sizes in bytes'
complete -c pstorectl -n '__fish_seen_subcommand_from decode' -F -d 'Memory image'
__pstorectl_image_opts decode
# end: decode
# verb: archive
complete -c pstorectl -n '__fish_seen_subcommand_from archive' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from archive' -s d -l dir -x -a '(__fish_complete_directories)' -d 'Archive the records of DIR'
complete -c pstorectl -n '__fish_seen_subcommand_from archive' -l to -x -a '(__fish_complete_directories)' -d 'The archive'
complete -c pstorectl -n '__fish_seen_subcommand_from archive' -l keep -d 'Leave the records in pstore'
complete -c pstorectl -n '__fish_seen_subcommand_from archive' -l max-boots -x -d 'Keep at most N boots'
complete -c pstorectl -n '__fish_seen_subcommand_from archive' -l max-size -x -d 'Keep at most SIZE bytes of boots'
complete -c pstorectl -n '__fish_seen_subcommand_from archive' -l no-journal -d 'Do not log the archived boot to the journal'
# end: archive
# verb: boots
complete -c pstorectl -n '__fish_seen_subcommand_from boots' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from boots' -l archive -x -a '(__fish_complete_directories)' -d 'The archive'
complete -c pstorectl -n '__fish_seen_subcommand_from boots' -s J -l json -d 'JSON output'
complete -c pstorectl -n '__fish_seen_subcommand_from boots' -s o -l output -x -a 'IDX TIME BOOT_ID REASON RECORDS SIZE DIR' -d 'Columns'
complete -c pstorectl -n '__fish_seen_subcommand_from boots' -l output-all -d 'All columns'
complete -c pstorectl -n '__fish_seen_subcommand_from boots' -s r -l raw -d 'Raw output'
complete -c pstorectl -n '__fish_seen_subcommand_from boots' -s n -l noheadings -d 'No headings'
complete -c pstorectl -n '__fish_seen_subcommand_from boots' -s b -l bytes -d 'Sizes in bytes'
# end: boots
# verb: reason
complete -c pstorectl -n '__fish_seen_subcommand_from reason' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from reason' -s d -l dir -x -a '(__fish_complete_directories)' -d 'Read records from DIR'
complete -c pstorectl -n '__fish_seen_subcommand_from reason' -s J -l json -d 'JSON output'
complete -c pstorectl -n '__fish_seen_subcommand_from reason' -l boot -x -d 'Read an archived boot (0, -1, ... or a boot id)'
complete -c pstorectl -n '__fish_seen_subcommand_from reason' -l archive -x -a '(__fish_complete_directories)' -d 'The archive --boot reads'
# end: reason
# verb: info
complete -c pstorectl -n '__fish_seen_subcommand_from info' -s h -l help -d 'Show help'
complete -c pstorectl -n '__fish_seen_subcommand_from info' -s d -l dir -x -a '(__fish_complete_directories)' -d 'Read records from DIR'
complete -c pstorectl -n '__fish_seen_subcommand_from info' -s J -l json -d 'JSON output'
complete -c pstorectl -n '__fish_seen_subcommand_from info' -a 'dmesg console (__pstorectl_records)' -d 'Record or type'
complete -c pstorectl -n '__fish_seen_subcommand_from info' -l boot -x -d 'Read an archived boot (0, -1, ... or a boot id)'
complete -c pstorectl -n '__fish_seen_subcommand_from info' -l archive -x -a '(__fish_complete_directories)' -d 'The archive --boot reads'
# end: info
