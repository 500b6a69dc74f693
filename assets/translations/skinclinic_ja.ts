<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>AnalysisPanel</name>
    <message>
        <source>Read from the photo alone: no patient age, sex or body site was used.</source>
        <translation>写真のみで判定：患者の年齢・性別・部位は使用していません。</translation>
    </message>
    <message>
        <source>age {}</source>
        <translation>{} 歳</translation>
    </message>
    <message>
        <source>Adjusted for the patient: {}.</source>
        <translation>患者情報で補正済み：{}。</translation>
    </message>
    <message>
        <source>Analyze</source>
        <translation>解析</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>所見</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>測定値</translation>
    </message>
    <message>
        <source>Differential (calibrated probabilities)</source>
        <translation>鑑別診断（較正済み確率）</translation>
    </message>
    <message>
        <source>Colours seen</source>
        <translation>認められた色</translation>
    </message>
    <message>
        <source>The AI is switched off in Settings; document the case by hand.</source>
        <translation>AI は設定でオフになっています。症例は手作業で記録してください。</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>解析</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <source>When (local)</source>
        <translation>日時（現地）</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>実施者</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>記録</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>変更内容</translation>
    </message>
    <message>
        <source>Audit history</source>
        <translation>監査履歴</translation>
    </message>
    <message>
        <source>Only case #{0}</source>
        <translation>症例 #{0} のみ</translation>
    </message>
    <message>
        <source>Only this case</source>
        <translation>この症例のみ</translation>
    </message>
    <message>
        <source>Showing the newest {0} of {1} events.</source>
        <translation>全 {1} 件のうち最新の {0} 件を表示しています。</translation>
    </message>
    <message>
        <source>The audit chain verifies: no event was edited, deleted or reordered.</source>
        <translation>監査チェーンを検証しました。改ざん・削除・並べ替えされたイベントはありません。</translation>
    </message>
    <message>
        <source>WARNING: the audit chain is broken at event {0}.</source>
        <translation>警告：監査チェーンがイベント {0} で途切れています。</translation>
    </message>
    <message>
        <source>Head of the trail: event {0}, hash {1}. Written down off this machine, it shows later whether the newest events were deleted (skinclinic audit verify --anchor).</source>
        <translation>監査証跡の最新イベント：{0}、ハッシュ {1}。この端末の外に控えておけば、最新のイベントが削除されていないかを後で skinclinic audit verify --anchor で確認できます。</translation>
    </message>
</context>
<context>
    <name>Badges</name>
    <message>
        <source>Confident</source>
        <translation>確信あり</translation>
    </message>
    <message>
        <source>Uncertain</source>
        <translation>不確実</translation>
    </message>
    <message>
        <source>Refer</source>
        <translation>紹介推奨</translation>
    </message>
    <message>
        <source>Retake photo</source>
        <translation>再撮影</translation>
    </message>
    <message>
        <source>The model&apos;s reading is stable; a doctor still reviews every case.</source>
        <translation>モデルの判定は安定しています。すべての症例は引き続き医師が確認します。</translation>
    </message>
    <message>
        <source>The model hesitates between diagnoses; read the differential with care.</source>
        <translation>モデルは複数の診断の間で迷っています。鑑別診断を慎重に確認してください。</translation>
    </message>
    <message>
        <source>The model should not be relied on here; refer the case for a specialist&apos;s review.</source>
        <translation>ここではモデルに頼るべきではありません。専門医の診察に紹介してください。</translation>
    </message>
    <message>
        <source>The photo is not good enough to read; take it again (no diagnosis was given).</source>
        <translation>写真の品質が判定に不十分です。撮り直してください（診断は出していません）。</translation>
    </message>
    <message>
        <source>Not analyzed</source>
        <translation>未解析</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss message</source>
        <translation>メッセージを閉じる</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>Camera support could not start ({0}); ask your administrator.</source>
        <translation>カメラ機能を開始できませんでした（{0}）。管理者に問い合わせてください。</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>カメラ</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>撮影</translation>
    </message>
    <message>
        <source>Retake</source>
        <translation>撮り直す</translation>
    </message>
    <message>
        <source>Keep photo</source>
        <translation>この写真を使う</translation>
    </message>
    <message>
        <source>Take a photo</source>
        <translation>写真を撮る</translation>
    </message>
    <message>
        <source>No camera found</source>
        <translation>カメラが見つかりません</translation>
    </message>
    <message>
        <source>No camera found. Connect a camera, or add photos from files instead.</source>
        <translation>カメラが見つかりません。カメラを接続するか、ファイルから写真を追加してください。</translation>
    </message>
    <message>
        <source>The camera stopped: {0}. Check its cable, or choose another camera.</source>
        <translation>カメラが停止しました：{0}。ケーブルを確認するか、別のカメラを選んでください。</translation>
    </message>
    <message>
        <source>The photo could not be taken: {0}. Try again.</source>
        <translation>写真を撮影できませんでした：{0}。もう一度試してください。</translation>
    </message>
    <message>
        <source>The photo could not be saved: {0}</source>
        <translation>写真を保存できませんでした：{0}</translation>
    </message>
    <message>
        <source>writing {0} failed</source>
        <translation>{0} の書き込みに失敗しました</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>カメラを起動しています…</translation>
    </message>
    <message>
        <source>Add {0} photo(s)</source>
        <translation>写真を {0} 枚追加</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>写真を追加</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>Patient…</source>
        <translation>患者…</translation>
    </message>
    <message>
        <source>Correct the patient&apos;s year of birth, sex or skin type</source>
        <translation>患者の生年・性別・スキンタイプを訂正</translation>
    </message>
    <message>
        <source>Sign in and select a case to correct its patient.</source>
        <translation>患者情報を訂正するには、サインインして症例を選択してください。</translation>
    </message>
    <message>
        <source>Could not correct the patient: {0}</source>
        <translation>患者情報を訂正できませんでした: {0}</translation>
    </message>
    <message>
        <source>skin type {0}</source>
        <translation>スキンタイプ {0}</translation>
    </message>
    <message>
        <source>born {0}</source>
        <translation>{0}年生まれ</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>解析</translation>
    </message>
    <message>
        <source>Draft &amp;&amp; review</source>
        <translation>下書きと確認</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>質問</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>縮小 (Ctrl+-)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>拡大 (Ctrl++)</translation>
    </message>
    <message>
        <source>Fit (Ctrl+0)</source>
        <translation>全体表示 (Ctrl+0)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>エクスポート…</translation>
    </message>
    <message>
        <source>Export as PDF, FHIR or DICOM (Ctrl+E)</source>
        <translation>PDF、FHIR または DICOM としてエクスポート（Ctrl+E）</translation>
    </message>
    <message>
        <source>Select a case in the list, or start a new case.</source>
        <translation>一覧から症例を選ぶか、新しい症例を作成してください。</translation>
    </message>
    <message>
        <source>Could not open case #{0}: {1}</source>
        <translation>症例 #{0} を開けませんでした：{1}</translation>
    </message>
    <message>
        <source>Case #{0} · {1}</source>
        <translation>症例 #{0} · {1}</translation>
    </message>
    <message>
        <source>Patient {0} · {1} · opened {2}</source>
        <translation>患者 {0} · {1} · 作成 {2}</translation>
    </message>
    <message>
        <source>Sign in and select a case to export it.</source>
        <translation>サインインして、エクスポートする症例を選んでください。</translation>
    </message>
</context>
<context>
    <name>CasesModel</name>
    <message>
        <source>Case</source>
        <translation>症例</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Body site</source>
        <translation>部位</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日付</translation>
    </message>
    <message>
        <source>Top diagnosis</source>
        <translation>第一診断</translation>
    </message>
    <message>
        <source>Uncertainty</source>
        <translation>不確実性</translation>
    </message>
</context>
<context>
    <name>CasesView</name>
    <message>
        <source>Search patient, body site, diagnosis…</source>
        <translation>患者・部位・診断を検索…</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>すべての状態</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>要確認</translation>
    </message>
    <message>
        <source>Could not list cases: {0}</source>
        <translation>症例を一覧表示できませんでした：{0}</translation>
    </message>
    <message>
        <source>1 case</source>
        <translation>1 件の症例</translation>
    </message>
    <message>
        <source>{0} cases</source>
        <translation>{0} 件の症例</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <source>Ask about this case…</source>
        <translation>この症例について質問…</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>質問する</translation>
    </message>
    <message>
        <source>The AI is switched off in Settings.</source>
        <translation>AI は設定でオフになっています。</translation>
    </message>
    <message>
        <source> Follow-up questions need it too.</source>
        <translation>追加の質問にも必要です。</translation>
    </message>
    <message>
        <source>You:</source>
        <translation>あなた：</translation>
    </message>
    <message>
        <source>AI:</source>
        <translation>AI：</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>質問</translation>
    </message>
</context>
<context>
    <name>DifferentialChart</name>
    <message>
        <source>Differential</source>
        <translation>鑑別診断</translation>
    </message>
    <message>
        <source>No differential yet</source>
        <translation>鑑別診断はまだありません</translation>
    </message>
</context>
<context>
    <name>DraftPanel</name>
    <message>
        <source>PRELIMINARY AI DRAFT — not reviewed</source>
        <translation>AI による暫定下書き — 未確認</translation>
    </message>
    <message>
        <source>The report text. Write it by hand or generate an AI draft.</source>
        <translation>報告書の本文です。手で書くか、AI の下書きを生成してください。</translation>
    </message>
    <message>
        <source>Generate draft</source>
        <translation>下書きを生成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Save edit</source>
        <translation>編集を保存</translation>
    </message>
    <message>
        <source>Show changes</source>
        <translation>変更箇所を表示</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>差し戻す…</translation>
    </message>
    <message>
        <source>Sign…</source>
        <translation>署名…</translation>
    </message>
    <message>
        <source>Amend…</source>
        <translation>修正…</translation>
    </message>
    <message>
        <source>SIGNED by {name}, {when} ({meaning}) — read-only</source>
        <translation>{name} が {when} に署名済み（{meaning}）— 読み取り専用</translation>
    </message>
    <message>
        <source>Save amendment…</source>
        <translation>修正を保存…</translation>
    </message>
    <message>
        <source>The AI is switched off in Settings; write the report by hand.</source>
        <translation>AI は設定でオフになっています。報告書は手で書いてください。</translation>
    </message>
    <message>
        <source> You can still write the report by hand.</source>
        <translation>報告書は手で書くこともできます。</translation>
    </message>
    <message>
        <source>There is no AI draft to compare with.</source>
        <translation>比較できる AI の下書きがありません。</translation>
    </message>
    <message>
        <source>Drafting</source>
        <translation>下書き作成</translation>
    </message>
    <message>
        <source>Could not save the draft: {0}</source>
        <translation>下書きを保存できませんでした：{0}</translation>
    </message>
    <message>
        <source>Signing</source>
        <translation>署名</translation>
    </message>
    <message>
        <source>Signed.</source>
        <translation>署名しました。</translation>
    </message>
    <message>
        <source>Reject the draft</source>
        <translation>下書きを差し戻す</translation>
    </message>
    <message>
        <source>Why is this draft rejected?</source>
        <translation>この下書きを差し戻す理由は何ですか？</translation>
    </message>
    <message>
        <source>Rejecting</source>
        <translation>差し戻し</translation>
    </message>
    <message>
        <source>Draft rejected.</source>
        <translation>下書きを差し戻しました。</translation>
    </message>
    <message>
        <source>Amend the signed report</source>
        <translation>署名済みの報告書を修正</translation>
    </message>
    <message>
        <source>Why is the report amended?</source>
        <translation>報告書を修正する理由は何ですか？</translation>
    </message>
    <message>
        <source>Amending</source>
        <translation>修正</translation>
    </message>
    <message>
        <source>Amendment saved as a new version; it needs its own signature.</source>
        <translation>修正は新しい版として保存されました。この版にも署名が必要です。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export case #{0}</source>
        <translation>症例 #{0} をエクスポート</translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation>PDF レポート</translation>
    </message>
    <message>
        <source>FHIR R4B bundle (JSON)</source>
        <translation>FHIR R4B バンドル（JSON）</translation>
    </message>
    <message>
        <source>DICOM files, one per photo, in the folder</source>
        <translation>DICOM ファイル（写真ごとに 1 つ）をフォルダーへ</translation>
    </message>
    <message>
        <source>Include the photo bytes in the FHIR bundle</source>
        <translation>FHIR バンドルに写真のデータを含める</translation>
    </message>
    <message>
        <source>Without them the bundle names each photo by its checksum only.</source>
        <translation>含めない場合、バンドルは各写真をチェックサムだけで示します。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>選択…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>エクスポート</translation>
    </message>
    <message>
        <source>Signed by {0}: the files are the final report.</source>
        <translation>{0} が署名済み：これらのファイルは最終レポートです。</translation>
    </message>
    <message>
        <source>Not signed yet: every file is marked PRELIMINARY AI DRAFT until a doctor signs.</source>
        <translation>未署名：医師が署名するまで、すべてのファイルに「AI による暫定下書き」と表示されます。</translation>
    </message>
    <message>
        <source>Save the PDF report</source>
        <translation>PDF レポートを保存</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Save the FHIR bundle</source>
        <translation>FHIR バンドルを保存</translation>
    </message>
    <message>
        <source>FHIR JSON (*.json)</source>
        <translation>FHIR JSON (*.json)</translation>
    </message>
    <message>
        <source>Folder for the DICOM files</source>
        <translation>DICOM ファイルの保存先フォルダー</translation>
    </message>
    <message>
        <source>Choose at least one format and where to save it.</source>
        <translation>少なくとも 1 つの形式と保存先を選んでください。</translation>
    </message>
    <message>
        <source>Sign in to export a case.</source>
        <translation>症例をエクスポートするにはサインインしてください。</translation>
    </message>
    <message>
        <source>Unlock the session to export.</source>
        <translation>エクスポートするにはセッションのロックを解除してください。</translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation>エクスポートに失敗しました：{0}</translation>
    </message>
    <message>
        <source>Export cancelled; files written before the cancel stay, each in the audit history.</source>
        <translation>エクスポートを取り消しました。取り消し前に書き出したファイルは残り、それぞれ監査履歴に記録されています。</translation>
    </message>
    <message>
        <source>Case #{0} exported as a PRELIMINARY draft (not signed):</source>
        <translation>症例 #{0} を予備的な下書きとしてエクスポートしました（未署名）：</translation>
    </message>
    <message>
        <source>Case #{0} exported (signed):</source>
        <translation>症例 #{0} をエクスポートしました（署名済み）：</translation>
    </message>
</context>
<context>
    <name>Findings</name>
    <message>
        <source>Lesion area</source>
        <translation>病変面積</translation>
    </message>
    <message>
        <source>{:.0%} of the photo</source>
        <translation>写真の {:.0%}</translation>
    </message>
    <message>
        <source>Asymmetry</source>
        <translation>非対称性</translation>
    </message>
    <message>
        <source>Border irregularity</source>
        <translation>境界不整</translation>
    </message>
    <message>
        <source>Largest diameter</source>
        <translation>最大径</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>色数</translation>
    </message>
    <message>
        <source>Unfamiliarity score</source>
        <translation>未知度スコア</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>back</source>
        <translation>背部</translation>
    </message>
    <message>
        <source>trunk</source>
        <translation>体幹</translation>
    </message>
    <message>
        <source>upper extremity</source>
        <translation>上肢</translation>
    </message>
    <message>
        <source>lower extremity</source>
        <translation>下肢</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>未入力</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女性</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男性</translation>
    </message>
    <message>
        <source>Actinic keratosis / Bowen&apos;s</source>
        <translation>日光角化症/ボーエン病</translation>
    </message>
    <message>
        <source>Basal cell carcinoma</source>
        <translation>基底細胞癌</translation>
    </message>
    <message>
        <source>Benign keratosis</source>
        <translation>良性角化症様病変</translation>
    </message>
    <message>
        <source>Dermatofibroma</source>
        <translation>皮膚線維腫</translation>
    </message>
    <message>
        <source>Melanoma</source>
        <translation>メラノーマ（悪性黒色腫）</translation>
    </message>
    <message>
        <source>Melanocytic nevus</source>
        <translation>色素細胞母斑</translation>
    </message>
    <message>
        <source>Vascular lesion</source>
        <translation>血管病変</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新規</translation>
    </message>
    <message>
        <source>Analyzed</source>
        <translation>解析済み</translation>
    </message>
    <message>
        <source>Drafted</source>
        <translation>下書き済み</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>署名済み</translation>
    </message>
    <message>
        <source>Amended</source>
        <translation>修正済み</translation>
    </message>
    <message>
        <source>staff</source>
        <translation>スタッフ</translation>
    </message>
    <message>
        <source>doctor</source>
        <translation>医師</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理者</translation>
    </message>
    <message>
        <source>scalp</source>
        <translation>頭皮</translation>
    </message>
    <message>
        <source>face</source>
        <translation>顔面</translation>
    </message>
    <message>
        <source>ear</source>
        <translation>耳</translation>
    </message>
    <message>
        <source>neck</source>
        <translation>頸部</translation>
    </message>
    <message>
        <source>chest</source>
        <translation>胸部</translation>
    </message>
    <message>
        <source>abdomen</source>
        <translation>腹部</translation>
    </message>
    <message>
        <source>upper back</source>
        <translation>背部上方</translation>
    </message>
    <message>
        <source>lower back</source>
        <translation>背部下方</translation>
    </message>
    <message>
        <source>upper arm</source>
        <translation>上腕</translation>
    </message>
    <message>
        <source>forearm</source>
        <translation>前腕</translation>
    </message>
    <message>
        <source>hand</source>
        <translation>手</translation>
    </message>
    <message>
        <source>genital</source>
        <translation>陰部</translation>
    </message>
    <message>
        <source>thigh</source>
        <translation>大腿</translation>
    </message>
    <message>
        <source>lower leg</source>
        <translation>下腿</translation>
    </message>
    <message>
        <source>foot</source>
        <translation>足</translation>
    </message>
    <message>
        <source>acral</source>
        <translation>末端部</translation>
    </message>
    <message>
        <source>other</source>
        <translation>その他</translation>
    </message>
    <message>
        <source>unspecified</source>
        <translation>未指定</translation>
    </message>
    <message>
        <source>white</source>
        <translation>白</translation>
    </message>
    <message>
        <source>red</source>
        <translation>赤</translation>
    </message>
    <message>
        <source>light brown</source>
        <translation>淡褐色</translation>
    </message>
    <message>
        <source>dark brown</source>
        <translation>濃褐色</translation>
    </message>
    <message>
        <source>blue-grey</source>
        <translation>青灰色</translation>
    </message>
    <message>
        <source>black</source>
        <translation>黒</translation>
    </message>
    <message>
        <source>approval</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>review</source>
        <translation>確認</translation>
    </message>
    <message>
        <source>responsibility</source>
        <translation>責任</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Not signed in</source>
        <translation>未サインイン</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>メイン</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>新しい症例</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>要確認</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>エクスポート…</translation>
    </message>
    <message>
        <source>Audit history</source>
        <translation>監査履歴</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>サインアウト</translation>
    </message>
    <message>
        <source>Opening the case log…</source>
        <translation>症例ログを開いています…</translation>
    </message>
    <message>
        <source>Opening the case log</source>
        <translation>症例ログを開く</translation>
    </message>
    <message>
        <source>Case log ready</source>
        <translation>症例ログの準備ができました</translation>
    </message>
    <message>
        <source>Loading models…</source>
        <translation>モデルを読み込んでいます…</translation>
    </message>
    <message>
        <source>Loading the models</source>
        <translation>モデルの読み込み</translation>
    </message>
    <message>
        <source>Models failed to load</source>
        <translation>モデルを読み込めませんでした</translation>
    </message>
    <message>
        <source>Signed in: {name} ({role})</source>
        <translation>サインイン中：{name}（{role}）</translation>
    </message>
    <message>
        <source>Sign-out was not recorded: {0}</source>
        <translation>サインアウトを記録できませんでした：{0}</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>利用不可</translation>
    </message>
    <message>
        <source>AI switched off</source>
        <translation>AI オフ</translation>
    </message>
    <message>
        <source>Vision model: {0} · Report model: {1}</source>
        <translation>画像モデル：{0} · 報告モデル：{1}</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>The year of birth must be between {0} and {1}.</source>
        <translation>生年は {0} から {1} の間で入力してください。</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>未入力</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性別</translation>
    </message>
    <message>
        <source>Year of birth</source>
        <translation>生年</translation>
    </message>
    <message>
        <source>Recorded for a new patient, or one without them yet (what is recorded is kept); the AI weighs age, sex and body site with the photo.</source>
        <translation>新規患者、またはまだ記録のない患者に記録されます（記録済みの内容は変わりません）。AI は写真とあわせて年齢・性別・部位を考慮します。</translation>
    </message>
    <message>
        <source>No camera support installed (Qt Multimedia is not part of this installation).</source>
        <translation>カメラ機能がインストールされていません（Qt Multimedia が含まれていません）。</translation>
    </message>
    <message>
        <source>No camera found.</source>
        <translation>カメラが見つかりません。</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>新しい症例</translation>
    </message>
    <message>
        <source>Pseudonymous reference, never a name</source>
        <translation>仮名の識別子（氏名は入力しない）</translation>
    </message>
    <message>
        <source>New pseudonymous</source>
        <translation>新しい仮名 ID</translation>
    </message>
    <message>
        <source>Choose or type the body site</source>
        <translation>部位を選択または入力</translation>
    </message>
    <message>
        <source>Dermoscopic (through a dermatoscope)</source>
        <translation>ダーモスコピー画像（ダーモスコープ使用）</translation>
    </message>
    <message>
        <source>Clinical (phone or camera, no dermatoscope)</source>
        <translation>臨床写真（スマートフォンやカメラ、ダーモスコープなし）</translation>
    </message>
    <message>
        <source>Short history (optional)</source>
        <translation>簡単な病歴（任意）</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>写真を追加…</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>貼り付け</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>カメラ</translation>
    </message>
    <message>
        <source>Take a photo with a connected camera</source>
        <translation>接続したカメラで撮影</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>取り込む</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Body site</source>
        <translation>部位</translation>
    </message>
    <message>
        <source>Photo type</source>
        <translation>写真の種類</translation>
    </message>
    <message>
        <source>History</source>
        <translation>病歴</translation>
    </message>
    <message>
        <source>Photos — drop files here, paste, or add</source>
        <translation>写真 — ここにドロップ、貼り付け、または追加</translation>
    </message>
    <message>
        <source>Camera (none found)</source>
        <translation>カメラ（見つかりません）</translation>
    </message>
    <message>
        <source>Camera (unavailable)</source>
        <translation>カメラ（使用できません）</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>写真を追加</translation>
    </message>
    <message>
        <source>Photos ({0});;All files (*)</source>
        <translation>写真 ({0});;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>The clipboard holds no photo.</source>
        <translation>クリップボードに写真がありません。</translation>
    </message>
    <message>
        <source>Case #{0}: {1} photo(s) imported</source>
        <translation>症例 #{0}：写真 {1} 枚を取り込みました</translation>
    </message>
    <message>
        <source>, {0} rejected</source>
        <translation>、{0} 枚は取り込めませんでした</translation>
    </message>
    <message>
        <source>Not imported:</source>
        <translation>取り込めなかったファイル：</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>{0} failed: {1}</source>
        <translation>{0}に失敗しました：{1}</translation>
    </message>
    <message>
        <source>{0} was cancelled; nothing was kept.</source>
        <translation>{0}を取り消しました。何も保存していません。</translation>
    </message>
    <message>
        <source>Opening the case log…</source>
        <translation>症例ログを開いています…</translation>
    </message>
    <message>
        <source>Verifying the audit trail and signatures…</source>
        <translation>監査記録と署名を検証しています…</translation>
    </message>
    <message>
        <source>Case log ready</source>
        <translation>症例ログの準備ができました</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Photo</source>
        <translation>写真</translation>
    </message>
    <message>
        <source>Lesion outline traced by the analysis</source>
        <translation>解析で抽出した病変の輪郭</translation>
    </message>
</context>
<context>
    <name>Pipeline</name>
    <message>
        <source>The vision model pack {0} is not installed, so photos cannot be analyzed.</source>
        <translation>画像モデルパック {0} がインストールされていないため、写真を解析できません。</translation>
    </message>
    <message>
        <source>The report model pack is not installed, so drafts cannot be generated.</source>
        <translation>レポートモデルパックがインストールされていないため、下書きを作成できません。</translation>
    </message>
    <message>
        <source>The vision model is not available yet, so photos cannot be analyzed.</source>
        <translation>画像モデルがまだ利用できないため、写真を解析できません。</translation>
    </message>
    <message>
        <source>The report model is not available yet, so drafts cannot be generated.</source>
        <translation>報告モデルがまだ利用できないため、下書きを生成できません。</translation>
    </message>
</context>
<context>
    <name>Quality</name>
    <message>
        <source>Photo quality: good — nothing in the photo limits the analysis.</source>
        <translation>写真の品質：良好 — 解析を妨げる要素はありません。</translation>
    </message>
    <message>
        <source>Photo quality: limited — {0}</source>
        <translation>写真の品質：制限あり — {0}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <source>Encrypted at rest: the case log with SQLCipher, photos with AES-256-GCM.</source>
        <translation>保存時に暗号化：症例記録は SQLCipher、写真は AES-256-GCM。</translation>
    </message>
    <message>
        <source>Not encrypted. An administrator can encrypt it with `skinclinic encrypt` while the app is closed.</source>
        <translation>暗号化されていません。管理者はアプリを閉じた状態で `skinclinic encrypt` により暗号化できます。</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>システムに合わせる</translation>
    </message>
    <message>
        <source>The model pack **{0}** is not installed, so AI analysis is unavailable.</source>
        <translation>モデルパック **{0}** がインストールされていないため、AI 解析は利用できません。</translation>
    </message>
    <message>
        <source>(no model card)</source>
        <translation>（モデルカードなし）</translation>
    </message>
    <message>
        <source>| Metric | Value |</source>
        <translation>| 指標 | 値 |</translation>
    </message>
    <message>
        <source>No metrics in the manifest.</source>
        <translation>マニフェストに指標がありません。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分</translation>
    </message>
    <message>
        <source>Use the AI (analysis and drafts); off = manual documentation only</source>
        <translation>AI を使う（解析と下書き）。オフ＝手作業の記録のみ</translation>
    </message>
    <message>
        <source>Test-time augmentation (steadier analysis, slower)</source>
        <translation>テスト時拡張（解析が安定、やや低速）</translation>
    </message>
    <message>
        <source>Model threads</source>
        <translation>モデルのスレッド数</translation>
    </message>
    <message>
        <source>Lock after idle</source>
        <translation>無操作時のロック</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>A new language applies after a restart.</source>
        <translation>言語の変更は再起動後に反映されます。</translation>
    </message>
    <message>
        <source>Model pack: {0}</source>
        <translation>モデルパック：{0}</translation>
    </message>
    <message>
        <source>General</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Model pack</source>
        <translation>モデルパック</translation>
    </message>
    <message>
        <source>Settings saved; restart SkinClinic to apply the language.</source>
        <translation>設定を保存しました。言語を反映するには SkinClinic を再起動してください。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>設定を保存しました。</translation>
    </message>
    <message>
        <source>Back up now…</source>
        <translation>今すぐバックアップ…</translation>
    </message>
    <message>
        <source>Where should the backup go?</source>
        <translation>バックアップの保存先を選んでください</translation>
    </message>
    <message>
        <source>Backing up to {0}…</source>
        <translation>{0} にバックアップしています…</translation>
    </message>
    <message>
        <source>The backup</source>
        <translation>バックアップ</translation>
    </message>
    <message>
        <source>The backup failed: {0}</source>
        <translation>バックアップに失敗しました：{0}</translation>
    </message>
    <message>
        <source>Backup written to {0}: the case log and {1} photo(s), {2} MiB.</source>
        <translation>{0} にバックアップしました：症例記録と写真 {1} 枚、{2} MiB。</translation>
    </message>
    <message>
        <source>{0} photo(s) were missing from the store.</source>
        <translation>写真ストアに {0} 枚の写真がありませんでした。</translation>
    </message>
    <message>
        <source>No backup has been made of this case log yet.</source>
        <translation>この症例記録はまだバックアップされていません。</translation>
    </message>
    <message>
        <source>Last backup: {0}, to {1}</source>
        <translation>前回のバックアップ：{0}、保存先 {1}</translation>
    </message>
    <message>
        <source>A backup is a new folder with the case log and every photo (an encrypted home's stays encrypted). An administrator restores one with Restore a backup…, or with `skinclinic restore FOLDER` while the app is closed.</source>
        <translation>バックアップは症例記録とすべての写真を含む新しいフォルダーです（暗号化されたデータのバックアップは暗号化されたままです）。管理者は「バックアップを復元…」で、またはアプリを閉じた状態で `skinclinic restore フォルダー` で復元できます。</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>バックアップを復元…</translation>
    </message>
    <message>
        <source>Choose the backup folder</source>
        <translation>バックアップフォルダーを選択</translation>
    </message>
    <message>
        <source>Weigh the patient's age, sex and body site (off = the photo alone)</source>
        <translation>患者の年齢・性別・部位を考慮する（オフ＝写真のみ）</translation>
    </message>
    <message>
        <source>What these say about each diagnosis was learnt from the training data's patients.</source>
        <translation>これらと各診断との関係は、学習データの患者から学んだものです。</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <source>Approval — I approve this report</source>
        <translation>承認 — この報告書を承認します</translation>
    </message>
    <message>
        <source>Review — I have reviewed this record</source>
        <translation>確認 — この記録を確認しました</translation>
    </message>
    <message>
        <source>Responsibility — I take responsibility for this report</source>
        <translation>責任 — この報告書に責任を負います</translation>
    </message>
    <message>
        <source>Sign the report</source>
        <translation>報告書に署名</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>署名の意味</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>署名</translation>
    </message>
    <message>
        <source>Signing as {0}. The signature binds this exact text; afterwards the case is read-only and corrections are amendments.</source>
        <translation>{0} として署名します。署名はこの本文そのものに結び付きます。署名後、症例は読み取り専用になり、訂正は修正として行います。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Create the administrator</source>
        <translation>管理者を作成</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>Welcome to SkinClinic</source>
        <translation>SkinClinic へようこそ</translation>
    </message>
    <message>
        <source>Sign in to SkinClinic</source>
        <translation>SkinClinic にサインイン</translation>
    </message>
    <message>
        <source>This is the first start: create the administrator account. The admin manages users; doctors and staff get their own accounts.</source>
        <translation>初回起動です。管理者アカウントを作成してください。管理者はユーザーを管理し、医師とスタッフはそれぞれ自分のアカウントを使います。</translation>
    </message>
    <message>
        <source>Use your own account: every action is recorded under your name.</source>
        <translation>ご自身のアカウントを使ってください。すべての操作はあなたの名前で記録されます。</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>ユーザー名</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>署名用の氏名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>パスワード（確認）</translation>
    </message>
    <message>
        <source>Create and sign in</source>
        <translation>作成してサインイン</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>2 つのパスワードが一致しません。</translation>
    </message>
</context>
<context>
    <name>UncertaintyBadge</name>
    <message>
        <source>Uncertainty: {0}</source>
        <translation>不確実性：{0}</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Session locked</source>
        <translation>セッションがロックされました</translation>
    </message>
    <message>
        <source>The session of {0} locked after {1} idle minutes. Enter your password to continue.</source>
        <translation>{0} のセッションは {1} 分間操作がなかったためロックされました。続けるにはパスワードを入力してください。</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>ユーザー名</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>署名用の氏名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>役割</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>ユーザーを追加</translation>
    </message>
    <message>
        <source>First password</source>
        <translation>初期パスワード</translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation>ユーザーの追加</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>無効</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>Added {0}.</source>
        <translation>{0} を追加しました。</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Encrypted case log</source>
        <translation>暗号化された症例記録</translation>
    </message>
    <message>
        <source>The case log and photos in {0} are encrypted. Enter the passphrase to open them.</source>
        <translation>{0} の症例記録と写真は暗号化されています。開くにはパスフレーズを入力してください。</translation>
    </message>
    <message>
        <source>That passphrase does not open this case log; nothing was changed.</source>
        <translation>このパスフレーズではこの症例記録を開けません。何も変更されていません。</translation>
    </message>
</context>
<context>
    <name>PatientDialog</name>
    <message>
        <source>Correct patient {0}</source>
        <translation>患者 {0} の訂正</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>未入力</translation>
    </message>
    <message>
        <source>Why the recorded details were wrong</source>
        <translation>記録内容が誤っていた理由</translation>
    </message>
    <message>
        <source>Year of birth</source>
        <translation>生年</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性別</translation>
    </message>
    <message>
        <source>Fitzpatrick skin type</source>
        <translation>フィッツパトリック スキンタイプ</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>The correction and its reason go into the audit trail. Analyses already made keep the age and sex they used; analyze the photo again to use the corrected details.</source>
        <translation>訂正とその理由は監査証跡に記録されます。既存の解析は当時の年齢と性別のままです。訂正後の情報を使うには写真を再解析してください。</translation>
    </message>
</context>
<context>
    <name>RestoreFlow</name>
    <message>
        <source>Only an administrator can restore a backup.</source>
        <translation>バックアップを復元できるのは管理者だけです。</translation>
    </message>
    <message>
        <source>Checking the backup</source>
        <translation>バックアップを確認中</translation>
    </message>
    <message>
        <source>The backup in {0} cannot be restored: {1}.</source>
        <translation>{0} のバックアップは復元できません：{1}。</translation>
    </message>
    <message>
        <source>Restore the backup in {0}?

It holds {1} case(s); its last entry is from {2}. Every case, photo and account in SkinClinic will be replaced by the backup's. What is here now is kept in a replaced-… folder in the data home, not deleted. Everyone signs in again afterwards.</source>
        <translation>{0} のバックアップを復元しますか？

症例 {1} 件を含み、最後の記録は {2} のものです。SkinClinic のすべての症例・写真・アカウントがバックアップの内容に置き換わります。現在の内容はデータフォルダー内の replaced-… フォルダーに保存され、削除されません。復元後は全員がサインインし直します。</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>バックアップを復元</translation>
    </message>
    <message>
        <source>The restore</source>
        <translation>復元</translation>
    </message>
    <message>
        <source> What was here is kept in {0}.</source>
        <translation>元の内容は {0} に保存されています。</translation>
    </message>
    <message>
        <source>The backup from {0} was restored.{1} Sign in again.</source>
        <translation>{0} のバックアップを復元しました。{1}サインインし直してください。</translation>
    </message>
</context>
</TS>
